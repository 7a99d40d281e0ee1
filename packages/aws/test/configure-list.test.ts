import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, awsCliV1 } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigureListError, configureList } from '../src/index.ts';

/** The blog's CLI (v1), when one is installed: run through the test driver like v2. */
const awsV1 = awsCliV1();

const root = mkdtempSync(join(tmpdir(), 'handson-configure-list-'));
const home = join(root, 'home');
mkdirSync(join(home, '.aws'), { recursive: true });
const file = (name: string, text: string) => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};

// The blog's user file, a config file with keys and regions, and broken ones. `configure list` shows a key's
// last four characters, and they tell which source was read, so each key ends differently; AWS's documented
// example keys all end in EXAMPLE, so these are plain example strings, not AKIA-form ids (the CLI does not
// check the form; the blog's user key ends in YIMY).
const userIni = file(
  'handson-cli-novice-user.ini',
  '[handson-cli-novice-user]\naws_access_key_id=EXAMPLEKEYQWERTYYIMY\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzeTQf\n',
);
const twoUsers = file(
  'two.ini',
  '[alice]\naws_access_key_id = EXAMPLEKEYALICE01111\naws_secret_access_key = alicesecretalicesecretalicesecret1111\n' +
    '[bob]\naws_access_key_id = EXAMPLEKEYBOB0002222\naws_secret_access_key = bobsecretbobsecretbobsecretbob2222\n',
);
const configWithKeys = file(
  'config-keys',
  '[default]\nregion = eu-west-1\n[profile p2]\nregion = us-west-2\naws_access_key_id = EXAMPLEKEYCONFIG3333\n' +
    'aws_secret_access_key = configsecretconfigsecret3333\n[profile alice]\nregion = sa-east-1\n' +
    '[profile lonely]\noutput = json\n',
);
const partialIni = file('partial.ini', '[half]\naws_access_key_id = EXAMPLEKEYHALF004444\n');
writeFileSync(
  join(home, '.aws', 'credentials'),
  '[default]\naws_access_key_id = EXAMPLEKEYDEFAUL5555\naws_secret_access_key = defaultsecretdefault5555\n',
);
writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = ap-southeast-2\n');
const emptyHome = join(root, 'empty-home');
mkdirSync(emptyHome);

/** A stand-in for the EC2 instance metadata service (IMDSv2), as both the CLI and the SDK talk to it. */
function fakeImds(availabilityZone?: string): Server {
  return createServer((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') return res.end('token-123');
    if (availabilityZone && req.url === '/latest/meta-data/placement/availability-zone/') {
      return res.end(availabilityZone);
    }
    if (req.url === '/latest/meta-data/iam/security-credentials/')
      return res.end('handson-cloud9-environment-role');
    if (req.url === '/latest/meta-data/iam/security-credentials/handson-cloud9-environment-role') {
      return res.end(
        JSON.stringify({
          Code: 'Success',
          Type: 'AWS-HMAC',
          AccessKeyId: 'ASIAROLEROLEROLE3HXR',
          SecretAccessKey: 'rolesecretrolesecretrolesecretAjZt',
          Token: 'session-token',
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
          LastUpdated: new Date().toISOString(),
        }),
      );
    }
    res.statusCode = 404;
    res.end();
  });
}

let imds: Server;
let imdsWithZone: Server;
let imdsUrl = '';
let imdsWithZoneUrl = '';
const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    ),
  );
beforeAll(async () => {
  imds = fakeImds();
  imdsWithZone = fakeImds('ap-northeast-1c');
  imdsUrl = await listen(imds);
  imdsWithZoneUrl = await listen(imdsWithZone);
});
afterAll(async () => {
  await new Promise<void>((resolve) => imds.close(() => resolve()));
  await new Promise<void>((resolve) => imdsWithZone.close(() => resolve()));
});

type Case = [name: string, env: Record<string, string>, args?: string[]];
const noImds = { AWS_EC2_METADATA_DISABLED: 'true' };
const cases = (): Case[] => [
  ['nothing configured', { HOME: emptyHome, ...noImds }],
  [
    'keys and region in the environment',
    {
      HOME: emptyHome,
      ...noImds,
      AWS_ACCESS_KEY_ID: 'EXAMPLEKEYENV0006666',
      AWS_SECRET_ACCESS_KEY: 'envsecret6666',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
    },
  ],
  [
    'AWS_REGION and AWS_DEFAULT_REGION',
    { HOME: emptyHome, ...noImds, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'ap-northeast-1' },
  ],
  [
    'the blog: user credentials file with AWS_DEFAULT_PROFILE',
    {
      HOME: emptyHome,
      ...noImds,
      AWS_SHARED_CREDENTIALS_FILE: userIni,
      AWS_DEFAULT_PROFILE: 'handson-cli-novice-user',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
    },
  ],
  [
    'AWS_PROFILE and AWS_DEFAULT_PROFILE naming different profiles',
    {
      HOME: emptyHome,
      ...noImds,
      AWS_SHARED_CREDENTIALS_FILE: twoUsers,
      AWS_PROFILE: 'alice',
      AWS_DEFAULT_PROFILE: 'bob',
    },
  ],
  [
    'AWS_PROFILE only',
    { HOME: emptyHome, ...noImds, AWS_SHARED_CREDENTIALS_FILE: twoUsers, AWS_PROFILE: 'bob' },
  ],
  ['default files under HOME', { HOME: home, ...noImds }],
  [
    'keys in the config file',
    { HOME: emptyHome, ...noImds, AWS_CONFIG_FILE: configWithKeys, AWS_PROFILE: 'p2' },
  ],
  [
    'config file region for the default profile',
    { HOME: emptyHome, ...noImds, AWS_CONFIG_FILE: configWithKeys },
  ],
  [
    'credentials file and config file region',
    {
      HOME: emptyHome,
      ...noImds,
      AWS_CONFIG_FILE: configWithKeys,
      AWS_SHARED_CREDENTIALS_FILE: twoUsers,
      AWS_DEFAULT_PROFILE: 'alice',
    },
  ],
  [
    'profile without keys',
    { HOME: emptyHome, ...noImds, AWS_CONFIG_FILE: configWithKeys, AWS_PROFILE: 'lonely' },
  ],
  [
    'environment keys beat a profile',
    {
      HOME: emptyHome,
      ...noImds,
      AWS_SHARED_CREDENTIALS_FILE: twoUsers,
      AWS_PROFILE: 'alice',
      AWS_ACCESS_KEY_ID: 'EXAMPLEKEYENV0006666',
      AWS_SECRET_ACCESS_KEY: 'envsecret6666',
    },
  ],
  [
    '--profile turns environment keys off',
    {
      HOME: emptyHome,
      ...noImds,
      AWS_SHARED_CREDENTIALS_FILE: twoUsers,
      AWS_ACCESS_KEY_ID: 'EXAMPLEKEYENV0006666',
      AWS_SECRET_ACCESS_KEY: 'envsecret6666',
    },
    ['--profile', 'bob'],
  ],
  [
    'a profile that does not exist',
    { HOME: emptyHome, ...noImds, AWS_DEFAULT_PROFILE: 'nope', AWS_DEFAULT_REGION: 'ap-northeast-1' },
  ],
  ['AWS_PROFILE=default without files', { HOME: emptyHome, ...noImds, AWS_PROFILE: 'default' }],
  [
    'partial keys in the environment',
    { HOME: emptyHome, ...noImds, AWS_ACCESS_KEY_ID: 'EXAMPLEKEYENV0006666' },
  ],
  [
    'partial keys in a credentials file',
    { HOME: emptyHome, ...noImds, AWS_SHARED_CREDENTIALS_FILE: partialIni, AWS_PROFILE: 'half' },
  ],
  [
    'the blog before: an instance role (IMDS), no region',
    { HOME: emptyHome, AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsUrl },
  ],
  [
    'the blog after: an instance role and AWS_DEFAULT_REGION',
    { HOME: emptyHome, AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsUrl, AWS_DEFAULT_REGION: 'ap-northeast-1' },
  ],
  [
    'an instance role and the region from instance metadata (CLI v2 asks, v1 does not)',
    { HOME: emptyHome, AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsWithZoneUrl },
  ],
];

type Runner = (args: string[], options: { env: Record<string, string> }) => Promise<unknown>;

/** `aws configure list` through the given CLI, with exactly this environment (and a PATH). */
function cli(runner: Runner, env: Record<string, string>, args: string[]) {
  return runner(['configure', 'list', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
}

async function ours(env: Record<string, string>, args: string[], version: 1 | 2) {
  const profile = args[0] === '--profile' ? args[1] : undefined;
  try {
    const stdout = await configureList({ env, cli: version, ...(profile ? { profile } : {}) });
    return { stdout, stderr: '', code: 0 };
  } catch (error) {
    if (!(error instanceof ConfigureListError)) throw error;
    return { stdout: error.stdout, stderr: `\n${error.message}\n`, code: error.exitCode };
  }
}

describe('configureList matches `aws configure list` byte for byte', () => {
  it.each(cases().map((c) => [c[0], c] as const))(
    'AWS CLI v2 (/usr/bin/aws): %s',
    async (_name, [, , args]) => {
      // Built lazily: the IMDS URL is known only after beforeAll.
      const [, env] = cases().find((c) => c[0] === _name)!;
      const expected = await cli(awsCli, env, args ?? []);
      const actual = await ours(env, args ?? [], 2);
      expect(actual).toEqual(expected);
    },
  );

  it.runIf(awsV1).each(cases().map((c) => [c[0], c] as const))(
    'AWS CLI v1 (as in the blog): %s',
    async (_name, [, , args]) => {
      const [, env] = cases().find((c) => c[0] === _name)!;
      const expected = await cli(awsV1!.run, env, args ?? []);
      const actual = await ours(env, args ?? [], 1);
      expect(actual).toEqual(expected);
    },
  );

  it('reproduces the blog’s lines for the user file (CLI v1 wording)', async () => {
    const out = await configureList({
      cli: 1,
      env: {
        HOME: emptyHome,
        AWS_SHARED_CREDENTIALS_FILE: userIni,
        AWS_DEFAULT_PROFILE: 'handson-cli-novice-user',
        AWS_DEFAULT_REGION: 'ap-northeast-1',
      },
    });
    expect(out).toBe(
      [
        '      Name                    Value             Type    Location',
        '      ----                    -----             ----    --------',
        "   profile  handson-cli-novice-user              env    ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE']",
        'access_key     ****************YIMY shared-credentials-file    ',
        'secret_key     ****************eTQf shared-credentials-file    ',
        '    region           ap-northeast-1              env    AWS_DEFAULT_REGION',
        '',
      ].join('\n'),
    );
  });
});
