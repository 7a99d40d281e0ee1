#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 1. 対象のキーと持ち主を特定する: the notice "Your AWS Access Key is Exposed" names the key id. Who owns it,
// and when and where was it last used?
//   aws iam get-access-key-last-used --access-key-id ${EXPOSED_ACCESS_KEY_ID}
//   aws iam list-access-keys --user-name ${EXPOSED_KEY_OWNER}
import '../_lib/report-errors.mts';
import { GetAccessKeyLastUsedCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { aws } from '@handson/labkit';
import { vars } from './lab.mts';

const EXPOSED_ACCESS_KEY_ID = vars.need('EXPOSED_ACCESS_KEY_ID', '01-setup.mts');
console.log(`# the notice: Your AWS Access Key is Exposed — ${EXPOSED_ACCESS_KEY_ID}`);
const { output } = await aws(new GetAccessKeyLastUsedCommand({ AccessKeyId: EXPOSED_ACCESS_KEY_ID }));
const EXPOSED_KEY_OWNER = output.UserName as string;
if (!EXPOSED_KEY_OWNER) throw new Error(`no user owns ${EXPOSED_ACCESS_KEY_ID}`);
if (!output.AccessKeyLastUsed?.LastUsedDate) throw new Error(`${EXPOSED_ACCESS_KEY_ID} shows no use`);
vars.set('EXPOSED_KEY_OWNER', EXPOSED_KEY_OWNER);
await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), { output: 'table' });
console.log(
  `# the key belongs to ${EXPOSED_KEY_OWNER}; it was last used for ${output.AccessKeyLastUsed.ServiceName} in ${output.AccessKeyLastUsed.Region}`,
);
