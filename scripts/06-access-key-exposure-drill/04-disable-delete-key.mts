#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 2. 無効化してから削除する (最優先): Inactive first — it stops the key at once and can be undone if something
// legitimate breaks — then delete it; the notes insist a disabled key is not the end.
//   aws iam update-access-key --user-name ${EXPOSED_KEY_OWNER} --access-key-id ${EXPOSED_ACCESS_KEY_ID} --status Inactive
//   aws sts get-caller-identity   (with the exposed key: InvalidClientTokenId)
//   aws iam delete-access-key --user-name ${EXPOSED_KEY_OWNER} --access-key-id ${EXPOSED_ACCESS_KEY_ID}
// Run again, a key already Inactive is not updated again, and a key already deleted is reported as such.
import {
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, notice } from '@handson/aws';
import { allPages, errorCodes } from '@handson/cli';
import { aws, LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { type KeyFile, keyFile, need, readLabFile, regionClients, waitUntil } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '04-disable-delete-key');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
const EXPOSED_KEY_OWNER = need('EXPOSED_KEY_OWNER', '03-identify-key');
const key = { UserName: EXPOSED_KEY_OWNER, AccessKeyId: EXPOSED_ACCESS_KEY_ID };

async function statusNow(): Promise<string | undefined> {
  const keys = await allPages<ListAccessKeysResponse>(
    clients().iam,
    new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }),
  );
  return keys.AccessKeyMetadata?.find((k) => k.AccessKeyId === EXPOSED_ACCESS_KEY_ID)?.Status;
}

/**
 * Whether the exposed key is refused now. Each attempt's transcript is kept aside and only the refusal is
 * printed: on AWS the change takes a few seconds to reach every endpoint, and the key works until then.
 */
function refusalCheck(): () => Promise<boolean> {
  const leaked = readLabFile<KeyFile>(keyFile('exposed'), '01-setup');
  const asLeaked = regionClients('us-east-1', {
    accessKeyId: leaked.AccessKeyId,
    secretAccessKey: leaked.SecretAccessKey,
  });
  return async () => {
    let printed = '';
    try {
      await aws(new GetCallerIdentityCommand({}), {
        clients: asLeaked,
        write: (text) => {
          printed += text;
        },
      });
      return false;
    } catch (error) {
      process.stdout.write(printed);
      if (!errorCodes(error).includes('InvalidClientTokenId')) throw error;
      return true;
    }
  };
}

async function disable(status: string): Promise<void> {
  if (status === 'Inactive')
    notice(`${EXPOSED_ACCESS_KEY_ID} is Inactive already (an earlier run): not updated.`);
  else await aws(new UpdateAccessKeyCommand({ ...key, Status: 'Inactive' }));
  await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
    query: `AccessKeyMetadata[?AccessKeyId=='${EXPOSED_ACCESS_KEY_ID}'].Status`,
    output: 'text',
  });
  console.log('# with the exposed key:');
  await waitUntil('IAM to refuse the inactive key everywhere', refusalCheck(), 120_000);
}

async function remove(): Promise<void> {
  await aws(new DeleteAccessKeyCommand(key));
  const left = await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
    query: 'AccessKeyMetadata[].AccessKeyId',
    output: 'text',
  });
  if (left.output.AccessKeyMetadata?.some((k) => k.AccessKeyId === EXPOSED_ACCESS_KEY_ID)) {
    throw new LabStepError(`${EXPOSED_ACCESS_KEY_ID} is still there`);
  }
}

const status = await statusNow();
if (status === undefined) {
  notice(`${EXPOSED_ACCESS_KEY_ID} was disabled and deleted already (an earlier run): nothing to do.`);
} else {
  await disable(status);
  await remove();
}
console.log(
  `# ${EXPOSED_ACCESS_KEY_ID} is deleted. Next: tell AWS Support the response has started (on a real account).`,
);
