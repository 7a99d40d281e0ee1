#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 準備: the user whose key will "leak" — a customer managed policy (what the attack needs; it is a drill),
// the user, a console password, and two access keys: the one that leaks, and one an application uses.
import '../_lib/report-errors.mts';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { iamTags } from '@handson/aws';
import { aws } from '@handson/labkit';
import {
  generatePassword,
  IAM_POLICY_NAME,
  IAM_USER_NAME,
  keyFile,
  POLICY_DOCUMENT,
  SLUG,
  vars,
  writePrivate,
} from './lab.mts';

const policy = await aws(
  new CreatePolicyCommand({
    PolicyName: IAM_POLICY_NAME,
    PolicyDocument: JSON.stringify(POLICY_DOCUMENT),
    Tags: iamTags(SLUG),
  }),
  { query: 'Policy.Arn', output: 'text' },
);
const IAM_POLICY_ARN = policy.output.Policy?.Arn as string;
vars.set('IAM_POLICY_ARN', IAM_POLICY_ARN);

await aws(new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }), {
  query: 'User.Arn',
  output: 'text',
});
vars.set('IAM_USER_NAME', IAM_USER_NAME);
await aws(new AttachUserPolicyCommand({ UserName: IAM_USER_NAME, PolicyArn: IAM_POLICY_ARN }));
// The password is sent once and never printed or kept: rotation replaces it later anyway.
await aws(new CreateLoginProfileCommand({ UserName: IAM_USER_NAME, Password: generatePassword() }), {
  query: 'LoginProfile.UserName',
  output: 'text',
});

for (const name of ['exposed', 'app'] as const) {
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }), {
    query: 'AccessKey.[AccessKeyId,Status]',
    output: 'text',
  });
  const key = output.AccessKey!;
  writePrivate(keyFile(name), {
    UserName: key.UserName,
    AccessKeyId: key.AccessKeyId,
    SecretAccessKey: key.SecretAccessKey,
  });
  vars.set(name === 'exposed' ? 'EXPOSED_ACCESS_KEY_ID' : 'APP_ACCESS_KEY_ID', key.AccessKeyId as string);
}
console.log(
  `# the key that leaks: ${vars.get('EXPOSED_ACCESS_KEY_ID')} (saved owner-only in ${keyFile('exposed')})`,
);
