import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertRunSucceeded,
  exportMarkdown,
  headlessJupyterAvailability,
  type Notebook,
  runInJupyter,
  runInProcess,
  serializeNotebook,
  storedForm,
} from '@handson/notebook';
import { afterAll, describe, expect, it } from 'vitest';

// A run that prints secrets, exported as a blog post: nothing secret may survive, whichever runner ran it.
const SCRATCH_BASE = join(__dirname, '..', '..', 'node_modules', '.cache', 'handson-lab-tests');
mkdirSync(SCRATCH_BASE, { recursive: true });
const scratch = mkdtempSync(join(SCRATCH_BASE, 'secrets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

function secretKey(): string {
  for (;;) {
    const key = pick(B64, 40);
    if (/[a-z]/.test(key) && /[A-Z]/.test(key) && /\d/.test(key)) return key;
  }
}

const secrets = {
  accessKeyId: `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  secretAccessKey: secretKey(),
  sessionToken: `FwoGZXIvYXdzE${randomBytes(48).toString('base64')}`,
  password: `${randomBytes(6).toString('hex')}-Aa1!`,
  accountId: `${randomInt(100000, 999999)}${randomInt(100000, 999999)}`,
  publicIp: `54.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`,
  privateKey: generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
  }).privateKey,
};

const cell = (source: string) => ({
  cell_type: 'code' as const,
  metadata: {},
  source,
  outputs: [],
  execution_count: null,
});
const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'markdown', metadata: {}, source: '# Secrets printed by a run' },
    cell('const s = JSON.parse(process.env.HANDSON_EXPORT_SECRETS!);'),
    cell(
      "console.log(JSON.stringify({ AccessKey: { AccessKeyId: s.accessKeyId, SecretAccessKey: s.secretAccessKey, Status: 'Active' } }, null, 4));",
    ),
    cell(
      "console.log('[u]\\naws_access_key_id = ' + s.accessKeyId + '\\naws_secret_access_key = ' + s.secretAccessKey);",
    ),
    cell(
      "console.log('Credentials', JSON.stringify({ SessionToken: s.sessionToken }), 'LoginProfile', { Password: s.password });",
    ),
    cell(
      "console.error('arn:aws:iam::' + s.accountId + ':user/u from ' + s.publicIp);\nconsole.log(s.privateKey);",
    ),
    cell("throw new Error('leaked ' + s.secretAccessKey + ' and ' + s.password);"),
  ],
};
notebook.cells[6]!.metadata = { tags: ['raises-exception'] };

const jupyter = headlessJupyterAvailability();
const runners = [
  { name: 'in-process', run: runInProcess, skip: false },
  { name: 'jupyter', run: runInJupyter, skip: !jupyter.available },
] as const;

describe('no secret from a run survives an export', () => {
  for (const runner of runners) {
    it.skipIf(runner.skip)(
      `${runner.name}: the post and the stored notebook contain none of the printed secrets`,
      async () => {
        process.env.HANDSON_EXPORT_SECRETS = JSON.stringify(secrets);
        const path = join(scratch, `secrets-${runner.name}.ipynb`);
        writeFileSync(path, serializeNotebook(notebook));
        const run = assertRunSucceeded(await runner.run(path));
        const raw: Notebook = {
          ...notebook,
          cells: notebook.cells.map((c, index) => ({
            ...c,
            outputs: run.cells.find((r) => r.index === index)?.outputs ?? [],
          })),
        };
        const unredacted = exportMarkdown(raw, { redact: false }).markdown;
        const texts = [
          exportMarkdown(raw).markdown,
          exportMarkdown(raw, { flavor: 'gfm' }).markdown,
          serializeNotebook(storedForm(run)),
        ];
        const keyLines = secrets.privateKey.split('\n').filter((line) => line && !line.startsWith('-----'));
        for (const value of [
          ...Object.values(secrets).filter((v) => v !== secrets.privateKey),
          ...keyLines,
        ]) {
          expect(unredacted).toContain(value);
          for (const text of texts) expect(text).not.toContain(value);
        }
        expect(texts[0]).toContain(
          '-----BEGIN EC PRIVATE KEY-----\n(private key redacted)\n-----END EC PRIVATE KEY-----',
        );
      },
    );
  }
});
