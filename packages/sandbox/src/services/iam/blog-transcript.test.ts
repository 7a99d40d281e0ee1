import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bash, startTestSandbox, type TestSandbox } from './__fixtures__/sandbox';

/*
 * The IAM part of the blog (seed lines 686–1014), typed as the blog typed it, with `aws` being
 * /usr/bin/aws pointed at the sandbox. Only the access-key file lives in a temporary directory instead of
 * /home/ec2-user/environment/conf-handson-cli-iam. Outputs must equal the blog's apart from ids, dates,
 * the account id (masked XXXXXXXXXXXX in the blog) and the key material.
 */

function normalize(text: string): string {
  return text
    .replace(/AIDA[A-Z2-7]{17}/g, '<USER-ID>')
    .replace(/AGPA[A-Z2-7]{17}/g, '<GROUP-ID>')
    .replace(/"AccessKeyId": "[A-Z0-9]{20}"/g, '"AccessKeyId": "<KEY>"')
    .replace(/"SecretAccessKey": "[^"]+"/g, '"SecretAccessKey": "<SECRET>"')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)/g, '<DATE>')
    .replace(/(123456789012|XXXXXXXXXXXX)/g, '<ACCOUNT>');
}

let sb: TestSandbox;
let keyDir: string;
beforeAll(async () => {
  sb = await startTestSandbox('blog-transcript');
  keyDir = mkdtempSync(join(tmpdir(), 'conf-handson-cli-iam-'));
});
afterAll(async () => {
  await sb.close();
  rmSync(keyDir, { recursive: true, force: true });
});

async function step(script: string): Promise<string> {
  const r = await bash(sb.url, script);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('the blog IAM transcript, step by step', { timeout: 300_000 }, () => {
  it('create-user', async () => {
    const out = await step(`IAM_USER_NAME='handson-cli-novice-user'
aws iam create-user \\
  --user-name \${IAM_USER_NAME}`);
    expect(normalize(out)).toBe(
      normalize(`{
    "User": {
        "Path": "/",
        "UserName": "handson-cli-novice-user",
        "UserId": "AIDATO53NFKUDFSH7BZLN",
        "Arn": "arn:aws:iam::XXXXXXXXXXXX:user/handson-cli-novice-user",
        "CreateDate": "2021-07-02T13:08:20Z"
    }
}
`),
    );
  });

  it('create-login-profile', async () => {
    const out = await step(`IAM_USER_NAME='handson-cli-novice-user'

IAM_USER_PASSWORD='#userPass123'

aws iam create-login-profile \\
  --user-name \${IAM_USER_NAME} \\
  --password "\${IAM_USER_PASSWORD}"`);
    expect(normalize(out)).toBe(
      normalize(`{
    "LoginProfile": {
        "UserName": "handson-cli-novice-user",
        "CreateDate": "2021-07-02T13:12:05Z",
        "PasswordResetRequired": false
    }
}
`),
    );
    expect(out).not.toContain('userPass123');
  });

  it('create-access-key saved to a file and shown', async () => {
    const file = join(keyDir, 'handson-cli-novice-user-token-0.json');
    const out = await step(`IAM_USER_NAME='handson-cli-novice-user'
FILE_ACCESS_KEY='${file}'

aws iam create-access-key \\
  --user-name \${IAM_USER_NAME} \\
  > \${FILE_ACCESS_KEY} \\
    && cat \${FILE_ACCESS_KEY}`);
    expect(normalize(out)).toBe(
      normalize(`{
    "AccessKey": {
        "UserName": "handson-cli-novice-user",
        "AccessKeyId": "XXXXXXXXXXXXXXXXXXXX",
        "Status": "Active",
        "SecretAccessKey": "XXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "CreateDate": "2021-07-02T13:19:26Z"
    }
}
`),
    );
    const key = JSON.parse(readFileSync(file, 'utf8')).AccessKey;
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
  });

  it('create-group', async () => {
    const out = await step(`IAM_GROUP_NAME='handson-cli-novice-group'

aws iam create-group \\
  --group-name \${IAM_GROUP_NAME}`);
    expect(normalize(out)).toBe(
      normalize(`{
    "Group": {
        "Path": "/",
        "GroupName": "handson-cli-novice-group",
        "GroupId": "AGPATO53NFKUB2ZZ2ITWG",
        "Arn": "arn:aws:iam::XXXXXXXXXXXX:group/handson-cli-novice-group",
        "CreateDate": "2021-07-02T16:35:18Z"
    }
}
`),
    );
  });

  it('list-policies finds the ARN, attach-group-policy, list-attached-group-policies', async () => {
    const out = await step(`IAM_GROUP_NAME='handson-cli-novice-group'

IAM_POLICY_NAME='AmazonS3FullAccess'

IAM_POLICY_ARN=$( \\
  aws iam list-policies \\
    --scope AWS \\
    --max-items 1000 \\
    --query "Policies[?PolicyName==\\\`\${IAM_POLICY_NAME}\\\`].Arn" \\
    --output text \\
) \\
  && echo "\${IAM_POLICY_ARN}"

aws iam attach-group-policy \\
  --group-name \${IAM_GROUP_NAME} \\
  --policy-arn \${IAM_POLICY_ARN}


aws iam list-attached-group-policies \\
  --group-name \${IAM_GROUP_NAME} \\
  --query "AttachedPolicies[?PolicyName == \\\`\${IAM_POLICY_NAME}\\\`].PolicyName" \\
  --output text`);
    expect(out).toBe('arn:aws:iam::aws:policy/AmazonS3FullAccess\nAmazonS3FullAccess\n');
  });

  it('add-user-to-group, list-groups-for-user', async () => {
    const out = await step(`IAM_GROUP_NAME='handson-cli-novice-group'

IAM_USER_NAME='handson-cli-novice-user'

aws iam add-user-to-group \\
  --group-name \${IAM_GROUP_NAME} \\
  --user-name \${IAM_USER_NAME}


aws iam list-groups-for-user \\
  --user-name \${IAM_USER_NAME} \\
  --query "Groups[?GroupName==\\\`\${IAM_GROUP_NAME}\\\`].GroupName" \\
  --output text`);
    expect(out).toBe('handson-cli-novice-group\n');
  });

  it('pagination: --page-size makes the CLI follow Markers and gives the same list; --max-items stops early', async () => {
    const all = await step('aws iam list-policies --scope AWS --max-items 1000 --query "length(Policies)"');
    expect(Number(all)).toBeGreaterThan(40);
    const paged = await step('aws iam list-policies --scope AWS --page-size 7 --query "length(Policies)"');
    expect(Number(paged)).toBe(Number(all));
    const first = await step('aws iam list-policies --scope AWS --max-items 5 --output json');
    const page = JSON.parse(first);
    expect(page.Policies).toHaveLength(5);
    expect(page.NextToken).toBeTruthy();
  });
});
