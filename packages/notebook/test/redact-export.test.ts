import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { exportMarkdown } from '../src/export-markdown';
import { joinText } from '../src/notebook-file';
import { DEFAULT_REDACTIONS, numbered, Redactor } from '../src/redact';
import { runInProcess } from '../src/run-in-process';
import { assertRunSucceeded } from '../src/run-model';
import { storedForm } from '../src/stored-outputs';
import { code, markdown, notebookOf, scratchDir, writeNotebookFile } from './fixtures';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** Secrets shaped like the real ones, different on every run of the test. */
function generateSecrets() {
  const upperDigits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let secret = pick(B64, 40);
  while (!(/[a-z]/.test(secret) && /[A-Z]/.test(secret) && /\d/.test(secret))) secret = pick(B64, 40);
  return {
    accessKeyId: `AKIA${pick(upperDigits, 16)}`,
    secretAccessKey: secret,
    secondKeyId: `ASIA${pick(upperDigits, 16)}`,
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(60).toString('base64')}`,
    password: `Pw-${randomBytes(9).toString('base64url')}!`,
    accountId: String(randomInt(100000, 999999)) + String(randomInt(100000, 999999)),
    publicIp: `${[3, 13, 18, 35, 52, 54][randomInt(6)]}.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`,
    privateKey: generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    }).privateKey,
  };
}

describe('Redactor', () => {
  it('masks as the blog does, the same value the same way, a second value numbered', () => {
    const r = new Redactor();
    const text = [
      'arn:aws:iam::123456789012:user/u OwnerId 123456789012 peer 210987654321',
      '"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", then AKIAIOSFODNN7EXAMPL2 and again AKIAIOSFODNN7EXAMPLE',
      'private 10.0.1.5 172.20.0.1 192.168.1.1 127.0.0.1 0.0.0.0/0 public 13.112.80.211 and 3.112.25.175/32',
    ].join('\n');
    expect(r.redact(text)).toBe(
      [
        'arn:aws:iam::XXXXXXXXXXXX:user/u OwnerId XXXXXXXXXXXX peer XXXXXXXXXXX2',
        '"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", then AKIAXXXXXXXXXXXXXXXX and again AKIAIOSFODNN7EXAMPLE',
        'private 10.0.1.5 172.20.0.1 192.168.1.1 127.0.0.1 0.0.0.0/0 public XX.XXX.XX.XXX and X.XXX.XX.XX2/32',
      ].join('\n'),
    );
  });

  it('leaves a UUID whose last group is all digits, and still masks an account id after a hyphen', () => {
    // Seen in a CI run: EC2's ClientToken 19f7f91c-53dd-4083-b280-<12 digits> lost its last group as an account id.
    const r = new Redactor();
    expect(r.redact('"ClientToken": "19f7f91c-53dd-4083-b280-314159265358"')).toBe(
      '"ClientToken": "19f7f91c-53dd-4083-b280-314159265358"',
    );
    expect(r.redact('s3://handson-cli-novice-123456789012')).toBe('s3://handson-cli-novice-XXXXXXXXXXXX');
  });

  it('masks a secret learnt in one context wherever else it appears, and leaves masks and non-secrets alone', () => {
    const r = new Redactor();
    r.learn('"Password": "correct horse"');
    expect(r.redact('typed correct horse at the prompt')).toBe('typed ************* at the prompt');
    expect(r.redact('"PasswordResetRequired": false, sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709')).toBe(
      '"PasswordResetRequired": false, sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709',
    );
    const masked = r.redact('aws_secret_access_key=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
    expect(masked).toBe('aws_secret_access_key=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
  });

  it('leaves variables in code alone but masks literal passwords and tokens', () => {
    const r = new Redactor();
    const code = [
      'new CreateLoginProfileCommand({ UserName, Password: LOGIN_PASSWORD });',
      'const creds = { SessionToken: temporarySessionToken, password: s.password };',
      "const literal = { Password: 'hunter' };",
      'console.log(LOGIN_PASSWORD.length, temporarySessionToken);',
      'password=Hunter2x',
    ].join('\n');
    expect(r.redact(code)).toBe(
      [
        'new CreateLoginProfileCommand({ UserName, Password: LOGIN_PASSWORD });',
        'const creds = { SessionToken: temporarySessionToken, password: s.password };',
        "const literal = { Password: '******' };",
        'console.log(LOGIN_PASSWORD.length, temporarySessionToken);',
        'password=*******2',
      ].join('\n'),
    );
  });

  it('numbers masks from the end, keeping their length', () => {
    expect(numbered('XXXXXXXXXXXX', 1)).toBe('XXXXXXXXXXXX');
    expect(numbered('XXXXXXXXXXXX', 12)).toBe('XXXXXXXXXX12');
    expect(DEFAULT_REDACTIONS.map((rule) => rule.name)).toContain('private-key');
  });
});

describe('exportMarkdown', () => {
  const nb = notebookOf([
    markdown('# Lab 00: サンプル\n\nリード文。'),
    markdown('## 目的\nPurpose\n\n目的の説明。'),
    code("console.log('hello');", [], {}),
    code('const hidden = 1;', ['export-hide']),
  ]);
  nb.cells[2]!.outputs = [{ output_type: 'stream', name: 'stdout', text: ['hello\n', 'has ``` fence\n'] }];

  it('hatena: the first h1 becomes the title comment, code is ```typescript, outputs are plain blocks', () => {
    const { markdown: md, title } = exportMarkdown(nb);
    expect(title).toBe('Lab 00: サンプル');
    expect(md).toBe(
      [
        '<!-- title: Lab 00: サンプル -->',
        '',
        'リード文。',
        '',
        '## 目的',
        'Purpose',
        '',
        '目的の説明。',
        '',
        '```typescript',
        "console.log('hello');",
        '```',
        '',
        '````',
        'hello',
        'has ``` fence',
        '````',
        '',
      ].join('\n'),
    );
  });

  it('gfm keeps headings and labels outputs as text', () => {
    const { markdown: md } = exportMarkdown(nb, { flavor: 'gfm' });
    expect(md.startsWith('# Lab 00: サンプル\n')).toBe(true);
    expect(md).toContain('````text\nhello\n');
    expect(md).not.toContain('hidden');
  });
});

describe('no secret from a run survives', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.remove());

  it('a notebook prints generated secrets; neither its export nor its stored form contains any of them', async () => {
    const secrets = generateSecrets();
    process.env.HANDSON_TEST_SECRETS = JSON.stringify(secrets);
    const path = writeNotebookFile(scratch.dir, 'secrets.ipynb', [
      markdown('# Secrets'),
      code('const s = JSON.parse(process.env.HANDSON_TEST_SECRETS!);'),
      code(
        'console.log(JSON.stringify({ AccessKey: { UserName: "u", AccessKeyId: s.accessKeyId, Status: "Active", SecretAccessKey: s.secretAccessKey } }, null, 4));',
      ),
      code(
        "console.log(['[u]', 'aws_access_key_id=' + s.accessKeyId, 'aws_secret_access_key=' + s.secretAccessKey].join('\\n'));",
      ),
      code(
        "console.log(['ACCESSKEY', s.accessKeyId, '2021-06-12T03:04:05Z', s.secretAccessKey, 'Active', 'u'].join('\\t'));",
      ),
      code("console.log('the secret alone:', s.secretAccessKey);"),
      code(
        'console.log(JSON.stringify({ Credentials: { AccessKeyId: s.secondKeyId, SessionToken: s.sessionToken }, LoginProfile: { Password: s.password } }));',
      ),
      code("console.log('password again:', s.password, 'token again:', s.sessionToken);"),
      code(
        "console.log('arn:aws:iam::' + s.accountId + ':user/u', 'public', s.publicIp, 'ssh ec2-user@' + s.publicIp);",
      ),
      code('console.log(s.privateKey);\nconsole.log(JSON.stringify({ KeyMaterial: s.privateKey }));'),
    ]);
    const run = assertRunSucceeded(await runInProcess(path));
    const printed = run.cells
      .flatMap((c) => c.outputs.map((o) => (o.output_type === 'stream' ? joinText(o.text) : '')))
      .join('');
    const values = Object.values(secrets);
    for (const value of values) expect(printed).toContain(value);

    const stored = storedForm(run);
    // The export redacts by itself too: export the stored form and a copy carrying the run's raw outputs.
    const raw = notebookOf(
      run.notebook.cells.map((cell, index) => ({
        ...cell,
        outputs: run.cells.find((c) => c.index === index)?.outputs ?? [],
      })),
    );
    for (const value of values) expect(exportMarkdown(raw, { redact: false }).markdown).toContain(value);
    const posts = [
      exportMarkdown(stored).markdown,
      exportMarkdown(raw).markdown,
      exportMarkdown(raw, { flavor: 'gfm' }).markdown,
    ];
    const storedText = JSON.stringify(stored);
    const keyBody = secrets.privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const post of [...posts, storedText]) {
      for (const value of values.filter((v) => v !== secrets.privateKey)) expect(post).not.toContain(value);
      for (const line of keyBody) expect(post).not.toContain(line);
    }
    const post = posts[1]!;
    expect(post).toContain(`"AccessKeyId": "AKIA${'X'.repeat(16)}"`);
    expect(post).toContain('aws_secret_access_key=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
    expect(post).toContain('arn:aws:iam::XXXXXXXXXXXX:user/u');
    expect(post).toContain(`ssh ec2-user@${secrets.publicIp.replace(/\d/g, 'X')}`);
    expect(post).toContain(
      '-----BEGIN RSA PRIVATE KEY-----\n(private key redacted)\n-----END RSA PRIVATE KEY-----',
    );
  });
});
