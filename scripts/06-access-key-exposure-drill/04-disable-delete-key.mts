#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 2. 無効化してから削除する (最優先): Inactive first — it stops the key at once and can be undone if something
// legitimate breaks — then delete it; the notes insist a disabled key is not the end.
//   aws iam update-access-key --user-name ${EXPOSED_KEY_OWNER} --access-key-id ${EXPOSED_ACCESS_KEY_ID} --status Inactive
//   aws sts get-caller-identity   (with the exposed key: InvalidClientTokenId)
//   aws iam delete-access-key --user-name ${EXPOSED_KEY_OWNER} --access-key-id ${EXPOSED_ACCESS_KEY_ID}
import '../_lib/report-errors.mts';
import { DeleteAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { aws } from '@handson/labkit';
import { type KeyFile, keyFile, readJson, regionClients, vars } from './lab.mts';

const EXPOSED_ACCESS_KEY_ID = vars.need('EXPOSED_ACCESS_KEY_ID', '01-setup.mts');
const EXPOSED_KEY_OWNER = vars.need('EXPOSED_KEY_OWNER', '03-identify-key.mts');
const key = { UserName: EXPOSED_KEY_OWNER, AccessKeyId: EXPOSED_ACCESS_KEY_ID };

await aws(new UpdateAccessKeyCommand({ ...key, Status: 'Inactive' }));
await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: `AccessKeyMetadata[?AccessKeyId=='${EXPOSED_ACCESS_KEY_ID}'].Status`,
  output: 'text',
});

console.log('# with the exposed key:');
const leaked = readJson<KeyFile>(keyFile('exposed'));
const asLeaked = regionClients('us-east-1', {
  accessKeyId: leaked.AccessKeyId,
  secretAccessKey: leaked.SecretAccessKey,
});
// On AWS the change takes a few seconds to reach every endpoint: try until the key is refused.
for (let attempt = 1; ; attempt++) {
  const r = await aws(new GetCallerIdentityCommand({}), {
    clients: asLeaked,
    expectError: 'InvalidClientTokenId',
  }).catch((error: unknown) => {
    if (attempt > 12) throw error;
    return undefined;
  });
  if (r?.errorCode === 'InvalidClientTokenId') break;
  await new Promise((resolve) => setTimeout(resolve, 5000));
}

await aws(new DeleteAccessKeyCommand(key));
const left = await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: 'AccessKeyMetadata[].AccessKeyId',
  output: 'text',
});
if (left.output.AccessKeyMetadata?.some((k) => k.AccessKeyId === EXPOSED_ACCESS_KEY_ID)) {
  throw new Error(`${EXPOSED_ACCESS_KEY_ID} is still there`);
}
console.log(
  `# ${EXPOSED_ACCESS_KEY_ID} is deleted. Next: tell AWS Support the response has started (on a real account).`,
);
