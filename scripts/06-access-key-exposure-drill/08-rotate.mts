#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 6. パスワード・アクセスキーをローテーションする: whatever leaked with the key may have leaked with others.
// Every remaining key of the user gets a successor (new key, old one Inactive, then deleted), and the
// console password is replaced (to be changed at the next sign-in). On a real account: every IAM user, and
// the root user's password too.
import '../_lib/report-errors.mts';
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { aws } from '@handson/labkit';
import { generatePassword, keyFile, vars, writePrivate } from './lab.mts';

const EXPOSED_KEY_OWNER = vars.need('EXPOSED_KEY_OWNER', '03-identify-key.mts');
await aws(new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' });
const before = await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: 'AccessKeyMetadata[].[AccessKeyId,Status]',
  output: 'text',
});
const old = (before.output.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId as string);
const rotated: string[] = [];
for (const AccessKeyId of old) {
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: EXPOSED_KEY_OWNER }), {
    query: 'AccessKey.[AccessKeyId,Status]',
    output: 'text',
  });
  const key = output.AccessKey!;
  // The application's configuration gets the new key here (the lab's key file), before the old one stops.
  writePrivate(keyFile('app'), {
    UserName: key.UserName,
    AccessKeyId: key.AccessKeyId,
    SecretAccessKey: key.SecretAccessKey,
  });
  rotated.push(key.AccessKeyId as string);
  await aws(new UpdateAccessKeyCommand({ UserName: EXPOSED_KEY_OWNER, AccessKeyId, Status: 'Inactive' }));
  await aws(new DeleteAccessKeyCommand({ UserName: EXPOSED_KEY_OWNER, AccessKeyId }));
}
const after = await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: 'AccessKeyMetadata[].[AccessKeyId,Status]',
  output: 'text',
});
const now = (after.output.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId as string).sort();
if (JSON.stringify(now) !== JSON.stringify([...rotated].sort()) || now.some((id) => old.includes(id))) {
  throw new Error(`keys after rotation: ${now.join(' ')}; expected only the new ${rotated.join(' ')}`);
}
vars.set('APP_ACCESS_KEY_ID', rotated.join(' '));
vars.set('ROTATED_KEYS', old.join(' '));

await aws(
  new UpdateLoginProfileCommand({
    UserName: EXPOSED_KEY_OWNER,
    Password: generatePassword(),
    PasswordResetRequired: true,
  }),
);
console.log(
  `# ${old.length} key(s) rotated; the console password replaced (reset required at the next sign-in)`,
);
