import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CheckError, check, checkEqual, checkMatch, checkThrows } from '../src/check';
import { stripStackFrames } from '../src/clean-outputs';
import { buildProgram } from '../src/cli';
import { launchJupyter } from '../src/launch-jupyter';
import { DEFAULT_NORMALISERS, normalise, normalisersFor } from '../src/normalisers';

describe('normalisers', () => {
  it('replace what varies between runs and keep everything else', () => {
    const text = [
      '{"CreateDate": "2021-06-12T03:04:05+00:00", "UserId": "AIDAQWERTYUIOPASDFGH"}',
      '1回目のメッセージ送信です。今は12:34:56です。 SentTimestamp 1623467045123',
      'vpc-0932bf14cf664577f i-0123456789abcdef0 pcx-0dbfc21a4ec1e1609 RequestId 6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
      '"ReceiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a+Q==" took 15ms',
      'account 123456789012 stays, CIDR 10.100.0.0/16 stays',
    ].join('\n');
    expect(normalise(text, DEFAULT_NORMALISERS)).toBe(
      [
        '{"CreateDate": "<datetime>", "UserId": "AIDA<id>"}',
        '1回目のメッセージ送信です。今は<time>です。 SentTimestamp <epoch>',
        'vpc-<id> i-<id> pcx-<id> RequestId <uuid>',
        '"ReceiptHandle": "<receipt-handle>" took <elapsed>',
        'account 123456789012 stays, CIDR 10.100.0.0/16 stays',
      ].join('\n'),
    );
  });

  it('read a wait on the sandbox clock the same whether it ended on the minute or seconds before', () => {
    // Seen in a CI run: the sandbox's clock also moves with real time, so a polled wait ends a few seconds early.
    const a = normalise('Done after 5 min of sandbox time.', DEFAULT_NORMALISERS);
    expect(normalise('Done after 4 min 58 s of sandbox time.', DEFAULT_NORMALISERS)).toBe(a);
    expect(a).toBe('Done after <elapsed> of sandbox time.');
    expect(normalise('5 minutes, 3 mins', DEFAULT_NORMALISERS)).toBe('5 minutes, 3 mins');
  });

  it('read the newest Amazon Linux image the same on any date, and keep other version numbers', () => {
    // The sandbox, like AWS, has a new image every two weeks: the name of the newest changes with the run's date.
    const a = normalise(
      'ami-0123456789abcdef0\tal2023-ami-2023.6.20241121.0-kernel-6.1-x86_64',
      DEFAULT_NORMALISERS,
    );
    expect(
      normalise(
        'ami-0fedcba9876543210\tal2023-ami-2023.15.20261126.0-kernel-6.1-x86_64',
        DEFAULT_NORMALISERS,
      ),
    ).toBe(a);
    expect(a).toBe('ami-<id>\tal2023-ami-<release>-kernel-6.1-x86_64');
    expect(normalise('amzn2-ami-hvm-2.0.20210525.0-x86_64-gp2', DEFAULT_NORMALISERS)).toBe(
      'amzn2-ami-hvm-<release>-x86_64-gp2',
    );
    expect(normalise('aws-cli/2.9.19 Python/3.11.2 node 20.18.1', DEFAULT_NORMALISERS)).toBe(
      'aws-cli/2.9.19 Python/3.11.2 node 20.18.1',
    );
  });

  it('keep opaque tokens whole when they hold a run of digits that looks like a Unix time', () => {
    // Seen in a real run: an MD5 digest with ten digits in the middle lost them to the epoch normaliser.
    const text = [
      '"MD5OfMessageBody": "b1764337021f4ccfb9e8af1234567890"',
      'MessageId 0f8e7d6c-5b4a-4c3d-9e1f-176433702199',
      'token ab1764337021cd stays',
    ].join('\n');
    expect(normalise(text, DEFAULT_NORMALISERS)).toBe(
      ['"MD5OfMessageBody": "<md5>"', 'MessageId <uuid>', 'token ab1764337021cd stays'].join('\n'),
    );
  });

  it('cells opt into more through metadata, and a wrong name is a clear error', () => {
    const list = normalisersFor(
      { normalise: ['sort-lines'], replace: [{ pattern: 'n=\\d+', replacement: 'n=?' }] },
      [],
    );
    expect(normalise('b n=3\na n=4\n', list)).toBe('a n=?\nb n=?\n');
    expect(() => normalisersFor({ normalise: ['shuffle'] }, [])).toThrow(
      /unknown normaliser "shuffle".*sort-lines/,
    );
    expect(() => normalisersFor({ replace: [{ pattern: '(', replacement: '' }] }, [])).toThrow(
      /handson.replace\[0\] has a bad pattern/,
    );
  });
});

describe('check helpers', () => {
  it('print one ✔ line when they hold and throw a clear CheckError when they do not', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      check(1 + 1 === 2, 'arithmetic works');
      checkEqual(['a', 'b'], ['a', 'b'], 'two buckets');
      checkMatch('Port 51512', /^Port 51512$/m);
      await checkThrows(
        () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDenied' })),
        'AccessDenied',
      );
      expect(log.mock.calls.map((c) => c[0])).toEqual([
        '✔ arithmetic works',
        '✔ two buckets',
        '✔ matches /^Port 51512$/m',
        '✔ throws AccessDenied (AccessDenied: denied)',
      ]);
    } finally {
      log.mockRestore();
    }
    expect(() => check(false, 'the queue is empty')).toThrow(
      new CheckError('check failed: the queue is empty'),
    );
    expect(() => checkEqual(3, 2, 'message count')).toThrow(
      'check failed: message count\n  expected: 2\n  actual:   3',
    );
    await expect(checkThrows(() => 1, 'AccessDenied')).rejects.toThrow('nothing was thrown');
    await expect(
      checkThrows(() => {
        throw new Error('other');
      }, 'AccessDenied'),
    ).rejects.toThrow('thrown: Error: other');
  });
});

describe('CLI and Jupyter launcher', () => {
  it('has run, check, regenerate, export and jupyter, each with --help', () => {
    const program = buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual([
      'run',
      'check',
      'regenerate',
      'export',
      'jupyter',
    ]);
    for (const command of program.commands)
      expect(command.helpInformation()).toContain(`Usage: handson-notebook ${command.name()}`);
    expect(program.commands.find((c) => c.name() === 'export')!.helpInformation()).toContain('--no-redact');
  });

  it('export warns on --no-redact and masks by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const path = join(dir, 'n.ipynb');
    const cell = {
      cell_type: 'code',
      metadata: {},
      source: 'x',
      execution_count: 1,
      outputs: [] as unknown[],
    };
    cell.outputs = [{ output_type: 'stream', name: 'stdout', text: ['arn:aws:iam::123456789012:root\n'] }];
    writeFileSync(path, JSON.stringify({ cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    const written: string[] = [];
    const errors: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const err = vi.spyOn(console, 'error').mockImplementation((line) => {
      errors.push(String(line));
    });
    try {
      await buildProgram().parseAsync(['node', 'handson-notebook', 'export', path]);
      await buildProgram().parseAsync([
        'node',
        'handson-notebook',
        'export',
        path,
        '--no-redact',
        '--flavor',
        'gfm',
      ]);
    } finally {
      out.mockRestore();
      err.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(written[0]).toContain('arn:aws:iam::XXXXXXXXXXXX:root');
    expect(written[1]).toContain('```text\narn:aws:iam::123456789012:root');
    expect(errors.join('\n')).toMatch(/^warning: --no-redact: .*NOT masked/);
  });

  it('explains how to install Jupyter when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-jupyter-'));
    const lines: string[] = [];
    const saved = { python: process.env.HANDSON_JUPYTER_PYTHON, path: process.env.PATH };
    process.env.HANDSON_JUPYTER_PYTHON = join(dir, 'missing-python');
    process.env.PATH = dir;
    try {
      expect(await launchJupyter({ root: dir, dryRun: true, log: (l) => lines.push(l) })).toBe(1);
    } finally {
      process.env.HANDSON_JUPYTER_PYTHON = saved.python;
      process.env.PATH = saved.path;
      rmSync(dir, { recursive: true, force: true });
    }
    const text = lines.join('\n');
    expect(text).toContain('Jupyter Lab or Notebook was not found');
    expect(text).toContain('pip install jupyterlab');
    expect(text).toContain('apt-get install jupyter-notebook');
    expect(text).toContain('brew install jupyterlab');
  });

  it('installs the kernelspec locally and starts Jupyter Lab from notebooks/ when a Python has it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'with-jupyter-'));
    const fake = join(root, 'python3');
    writeFileSync(fake, '#!/bin/sh\n[ "$1 $2" = "-m jupyterlab" ] && exit 0\nexit 1\n');
    chmodSync(fake, 0o755);
    const lines: string[] = [];
    const saved = process.env.HANDSON_JUPYTER_PYTHON;
    process.env.HANDSON_JUPYTER_PYTHON = fake;
    try {
      expect(await launchJupyter({ root, dryRun: true, uid: 0, log: (l) => lines.push(l) })).toBe(0);
    } finally {
      process.env.HANDSON_JUPYTER_PYTHON = saved;
    }
    const spec = JSON.parse(
      (await import('node:fs')).readFileSync(
        join(root, '.jupyter-local/share/jupyter/kernels/tslab/kernel.json'),
        'utf8',
      ),
    );
    rmSync(root, { recursive: true, force: true });
    expect(spec.argv.slice(2)).toEqual(['kernel', '--config-path', '{connection_file}']);
    expect(spec.argv[1]).toMatch(/packages\/notebook\/bin\/tslab-kernel\.js$/);
    expect(lines.join('\n')).toContain(`starting Jupyter Lab in ${root}: ${fake} -m jupyterlab --allow-root`);
    expect(lines).toContain(
      'running as root: --allow-root added (Jupyter refuses to start as root without it)',
    );
  });
});

describe('stripStackFrames', () => {
  it("drops Node's source excerpt and frames, keeps the message and the error's own properties", () => {
    const printed = [
      'node:zlib:425',
      '      throw self[kError];',
      '      ^',
      '',
      'Error: incorrect header check',
      '    at genericNodeError (node:internal/errors:983:15)',
      '    at evalmachine.<anonymous>:5:6 {',
      '  errno: -3,',
      "  code: 'Z_DATA_ERROR'",
      '}',
      '',
    ].join('\n');
    expect(stripStackFrames(printed)).toBe(
      "Error: incorrect header check {\n  errno: -3,\n  code: 'Z_DATA_ERROR'\n}\n",
    );
  });
});
