import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients } from '@handson/aws';
import { LabStepError } from '@handson/labkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRootArn, removeRoleAssumer, roleAssumer } from './role-assumer';
import { client, sandboxForFile } from './testing/sandbox-env';

// Through the real SDK clients against a sandbox in this process, whose default identity is root.
const sandbox = sandboxForFile('role-assumer');
let dir: string;
let iam: IAMClient;
const ROOT = 'arn:aws:iam::123456789012:root';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/assumed-by-helper';
const quiet = { quiet: true };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'role-assumer-'));
  iam = new IAMClient({ ...client, endpoint: sandbox.url() });
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' }],
  };
  await iam.send(
    new CreateRoleCommand({ RoleName: 'assumed-by-helper', AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
});
afterAll(() => {
  iam?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const options = (userName: string) => ({
  slug: '99-helper-test',
  callerArn: ROOT,
  userName,
  roleArn: ROLE_ARN,
  keyFile: join(dir, `${userName}-credentials`),
  step: quiet,
});

describe('roleAssumer', () => {
  it('knows root ARNs from the rest', () => {
    expect(isRootArn(ROOT)).toBe(true);
    expect(isRootArn('arn:aws-cn:iam::123456789012:root')).toBe(true);
    expect(isRootArn('arn:aws:iam::123456789012:user/root')).toBe(false);
    expect(isRootArn('arn:aws:sts::123456789012:assumed-role/admin/me')).toBe(false);
  });

  it('for root: a tagged user that may assume the role, its key kept owner-only and reused on a rerun', async () => {
    const first = await roleAssumer(options('owner-a'));
    const who = await first.sts.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe('arn:aws:iam::123456789012:user/owner-a');
    expect(statSync(join(dir, 'owner-a-credentials')).mode & 0o777).toBe(0o600);
    const session = await first.sts.send(
      new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'helper' }),
    );
    expect(session.AssumedRoleUser?.Arn).toContain(':assumed-role/assumed-by-helper/helper');

    const again = await roleAssumer(options('owner-a'));
    expect((await again.credentials()).accessKeyId).toBe((await first.credentials()).accessKeyId);
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'owner-a' }));
    expect(keys.AccessKeyMetadata).toHaveLength(1);

    expect(await removeRoleAssumer('99-helper-test', 'owner-a')).toBe(true);
    await expect(iam.send(new GetUserCommand({ UserName: 'owner-a' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    expect(await removeRoleAssumer('99-helper-test', 'owner-a')).toBe(false);
  });

  it('a lost key file gives the user a new key in place of the old one, not a second', async () => {
    await roleAssumer(options('owner-b'));
    rmSync(join(dir, 'owner-b-credentials'));
    await roleAssumer(options('owner-b'));
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'owner-b' }));
    expect(keys.AccessKeyMetadata).toHaveLength(1);
    expect(await removeRoleAssumer('99-helper-test', 'owner-b')).toBe(true);
  });

  it('stops at a user of that name the lab did not make, and leaves it (and its removal) alone', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'someone-else' }));
    await expect(roleAssumer(options('someone-else'))).rejects.toBeInstanceOf(LabStepError);
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'someone-else' }));
    expect(keys.AccessKeyMetadata).toHaveLength(0);
    expect(await removeRoleAssumer('99-helper-test', 'someone-else')).toBe(false);
    await iam.send(new GetUserCommand({ UserName: 'someone-else' }));
  });

  it('any other caller assumes the role itself: its own clients, nothing made', async () => {
    const set = await roleAssumer({
      ...options('never-made'),
      callerArn: 'arn:aws:iam::123456789012:user/admin',
    });
    expect(set).toBe(clients());
    await expect(iam.send(new GetUserCommand({ UserName: 'never-made' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  });
});
