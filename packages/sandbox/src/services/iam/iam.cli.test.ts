import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bash, cliAs, startTestSandbox, type TestSandbox } from './__fixtures__/sandbox';

/*
 * Every IAM operation and error through Debian's AWS CLI v2 (/usr/bin/aws). Each block works on its own
 * names, against one sandbox.
 */

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox('iam-cli');
});
afterAll(() => sb.close());

/** Runs a script of `aws` calls; each call's output is separated by a `---` line. */
async function run(script: string): Promise<string[]> {
  const lines = script
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const r = await bash(sb.url, lines.map((l) => `${l}\necho ---`).join('\n'));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.split('---\n').slice(0, -1);
}

async function error(args: string[]): Promise<string> {
  const r = await cliAs(sb.url, args);
  expect(r.code).not.toBe(0);
  return r.stderr.trim();
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
  ],
});
const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
});

// The CLI is slow to start (seconds per call on a busy machine): generous time, one block at a time.
describe('through /usr/bin/aws', { timeout: 600_000 }, () => {
  it('users, tags, login profiles, access keys', async () => {
    const out = await run(`
      aws iam create-user --user-name cli-u --path /lab/ --tags Key=handson:lab,Value=01 --query User.Arn --output text
      aws iam get-user --user-name cli-u --query 'User.[UserName,Path]' --output text
      aws iam list-users --path-prefix /lab/ --query 'Users[].UserName' --output text
      aws iam tag-user --user-name cli-u --tags Key=team,Value=blue
      aws iam list-user-tags --user-name cli-u --query 'Tags[].[Key,Value]' --output text
      aws iam untag-user --user-name cli-u --tag-keys team
      aws iam create-login-profile --user-name cli-u --password '#userPass123' --password-reset-required --query LoginProfile.PasswordResetRequired
      aws iam get-login-profile --user-name cli-u --query LoginProfile.UserName --output text
      aws iam update-login-profile --user-name cli-u --no-password-reset-required
      aws iam get-login-profile --user-name cli-u --query LoginProfile.PasswordResetRequired
      aws iam delete-login-profile --user-name cli-u
      aws iam create-access-key --user-name cli-u --query AccessKey.Status --output text
      aws iam list-access-keys --user-name cli-u --query 'length(AccessKeyMetadata)'
      KEY=$(aws iam list-access-keys --user-name cli-u --query 'AccessKeyMetadata[0].AccessKeyId' --output text); aws iam update-access-key --user-name cli-u --access-key-id $KEY --status Inactive
      aws iam list-access-keys --user-name cli-u --query 'AccessKeyMetadata[0].Status' --output text
      aws iam get-access-key-last-used --access-key-id $KEY --query AccessKeyLastUsed.ServiceName --output text
      aws iam delete-access-key --user-name cli-u --access-key-id $KEY
      aws iam delete-user --user-name cli-u
      aws iam list-users --query 'length(Users[?UserName==\`cli-u\`])'
    `);
    expect(out).toEqual([
      'arn:aws:iam::123456789012:user/lab/cli-u\n',
      'cli-u\t/lab/\n',
      'cli-u\n',
      '',
      'handson:lab\t01\nteam\tblue\n',
      '',
      'true\n',
      'cli-u\n',
      '',
      'false\n',
      '',
      'Active\n',
      '1\n',
      '',
      'Inactive\n',
      'N/A\n',
      '',
      '',
      '0\n',
    ]);
  });

  it('groups and membership', async () => {
    const out = await run(`
      aws iam create-user --user-name cli-g-user --query User.UserName --output text
      aws iam create-group --group-name cli-g --query Group.Arn --output text
      aws iam add-user-to-group --group-name cli-g --user-name cli-g-user
      aws iam get-group --group-name cli-g --query 'Users[].UserName' --output text
      aws iam list-groups --query 'Groups[?GroupName==\`cli-g\`].GroupName' --output text
      aws iam list-groups-for-user --user-name cli-g-user --query 'Groups[].GroupName' --output text
      aws iam remove-user-from-group --group-name cli-g --user-name cli-g-user
      aws iam get-group --group-name cli-g --query 'length(Users)'
      aws iam delete-group --group-name cli-g
      aws iam delete-user --user-name cli-g-user
    `);
    expect(out).toEqual([
      'cli-g-user\n',
      'arn:aws:iam::123456789012:group/cli-g\n',
      '',
      'cli-g-user\n',
      'cli-g\n',
      'cli-g\n',
      '',
      '0\n',
      '',
      '',
    ]);
  });

  it('roles, trust policies and instance profiles', async () => {
    const out = await run(`
      aws iam create-role --role-name cli-r --assume-role-policy-document '${TRUST}' --query Role.Arn --output text
      aws iam get-role --role-name cli-r --query 'Role.AssumeRolePolicyDocument.Statement[0].Principal.AWS' --output text
      aws iam update-assume-role-policy --role-name cli-r --policy-document '${TRUST.replace('arn:aws:iam::123456789012:root', '123456789012')}'
      aws iam get-role --role-name cli-r --query 'Role.AssumeRolePolicyDocument.Statement[0].Principal.AWS' --output text
      aws iam list-roles --query 'Roles[].RoleName' --output text
      aws iam create-instance-profile --instance-profile-name cli-ip --query InstanceProfile.Arn --output text
      aws iam add-role-to-instance-profile --instance-profile-name cli-ip --role-name cli-r
      aws iam get-instance-profile --instance-profile-name cli-ip --query 'InstanceProfile.Roles[].RoleName' --output text
      aws iam list-instance-profiles --query 'InstanceProfiles[].InstanceProfileName' --output text
      aws iam remove-role-from-instance-profile --instance-profile-name cli-ip --role-name cli-r
      aws iam delete-instance-profile --instance-profile-name cli-ip
      aws iam delete-role --role-name cli-r
    `);
    expect(out).toEqual([
      'arn:aws:iam::123456789012:role/cli-r\n',
      'arn:aws:iam::123456789012:root\n',
      '',
      '123456789012\n',
      'cli-r\n',
      'arn:aws:iam::123456789012:instance-profile/cli-ip\n',
      '',
      'cli-r\n',
      'cli-ip\n',
      '',
      '',
      '',
    ]);
  });

  it('managed and inline policies', async () => {
    const out = await run(`
      aws iam create-user --user-name cli-p --query User.UserName --output text
      aws iam create-policy --policy-name cli-pol --policy-document '${DOC}' --query Policy.Arn --output text
      aws iam get-policy --policy-arn arn:aws:iam::123456789012:policy/cli-pol --query Policy.DefaultVersionId --output text
      aws iam get-policy-version --policy-arn arn:aws:iam::123456789012:policy/cli-pol --version-id v1 --query 'PolicyVersion.Document.Statement[0].Action' --output text
      aws iam list-policies --scope Local --query 'Policies[].PolicyName' --output text
      aws iam attach-user-policy --user-name cli-p --policy-arn arn:aws:iam::123456789012:policy/cli-pol
      aws iam attach-user-policy --user-name cli-p --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
      aws iam list-attached-user-policies --user-name cli-p --query 'AttachedPolicies[].PolicyName' --output text
      aws iam list-policies --only-attached --scope AWS --query 'Policies[].[PolicyName,AttachmentCount]' --output text
      aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess --query 'PolicyUsers[].UserName' --output text
      aws iam detach-user-policy --user-name cli-p --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
      aws iam detach-user-policy --user-name cli-p --policy-arn arn:aws:iam::123456789012:policy/cli-pol
      aws iam delete-policy --policy-arn arn:aws:iam::123456789012:policy/cli-pol
      aws iam put-user-policy --user-name cli-p --policy-name inline --policy-document '${DOC}'
      aws iam list-user-policies --user-name cli-p --query PolicyNames --output text
      aws iam get-user-policy --user-name cli-p --policy-name inline --query 'PolicyDocument.Statement[0].Effect' --output text
      aws iam delete-user-policy --user-name cli-p --policy-name inline
      aws iam delete-user --user-name cli-p
    `);
    expect(out).toEqual([
      'cli-p\n',
      'arn:aws:iam::123456789012:policy/cli-pol\n',
      'v1\n',
      's3:Get*\n',
      'cli-pol\n',
      '',
      '',
      'cli-pol\tReadOnlyAccess\n',
      'ReadOnlyAccess\t1\n',
      'cli-p\n',
      '',
      '',
      '',
      '',
      'inline\n',
      'Allow\n',
      '',
      '',
    ]);
  });

  it('every error, in the CLI words', async () => {
    await run(`
      aws iam create-user --user-name cli-e --query User.UserName --output text
      aws iam create-access-key --user-name cli-e --query AccessKey.Status --output text
      aws iam create-access-key --user-name cli-e --query AccessKey.Status --output text
    `);
    const e = (op: string, code: string, message: string) =>
      `An error occurred (${code}) when calling the ${op} operation: ${message}`;
    expect(await error(['iam', 'get-user', '--user-name', 'nobody'])).toBe(
      e('GetUser', 'NoSuchEntity', 'The user with name nobody cannot be found.'),
    );
    expect(await error(['iam', 'create-user', '--user-name', 'cli-e'])).toBe(
      e('CreateUser', 'EntityAlreadyExists', 'User with name cli-e already exists.'),
    );
    expect(await error(['iam', 'create-access-key', '--user-name', 'cli-e'])).toBe(
      e('CreateAccessKey', 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2'),
    );
    expect(await error(['iam', 'delete-user', '--user-name', 'cli-e'])).toBe(
      e('DeleteUser', 'DeleteConflict', 'Cannot delete entity, must delete access keys first.'),
    );
    expect(await error(['iam', 'create-user', '--user-name', 'has space'])).toBe(
      e(
        'CreateUser',
        'ValidationError',
        "1 validation error detected: Value 'has space' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      ),
    );
    expect(await error(['iam', 'create-login-profile', '--user-name', 'cli-e', '--password', 'short'])).toBe(
      e('CreateLoginProfile', 'PasswordPolicyViolation', 'Password should have a minimum length of 8'),
    );
    expect(
      await error(['iam', 'create-policy', '--policy-name', 'bad', '--policy-document', '{"Statement":']),
    ).toBe(e('CreatePolicy', 'MalformedPolicyDocument', 'This policy contains invalid Json'));
    expect(
      await error([
        'iam',
        'attach-user-policy',
        '--user-name',
        'cli-e',
        '--policy-arn',
        'arn:aws:iam::aws:policy/Nope',
      ]),
    ).toBe(
      e(
        'AttachUserPolicy',
        'NoSuchEntity',
        'Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable.',
      ),
    );
    expect(await error(['iam', 'get-policy', '--policy-arn', 'this-is-not-an-arn-at-all'])).toBe(
      e('GetPolicy', 'InvalidInput', 'ARN this-is-not-an-arn-at-all is not valid.'),
    );
  });
});
