#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 1. 対象のキーと持ち主を特定する: the notice "Your AWS Access Key is Exposed" names the key id. Who owns it,
// and when and where was it last used?
//   aws iam get-access-key-last-used --access-key-id ${EXPOSED_ACCESS_KEY_ID}
//   aws iam list-access-keys --user-name ${EXPOSED_KEY_OWNER}
import { existsSync } from 'node:fs';
import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
} from '@aws-sdk/client-iam';
import { clients, notice } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import { attackerLogFile, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-identify-key');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');

/** A run after 04-disable-delete-key: the key is gone, and its owner is what this step recorded before. */
async function deletedSince(owner: string | undefined): Promise<boolean> {
  if (!owner) return false;
  const keys = await allPages<ListAccessKeysResponse>(
    clients().iam,
    new ListAccessKeysCommand({ UserName: owner }),
  );
  return !keys.AccessKeyMetadata?.some((k) => k.AccessKeyId === EXPOSED_ACCESS_KEY_ID);
}

async function identify(): Promise<void> {
  console.log(`# the notice: Your AWS Access Key is Exposed — ${EXPOSED_ACCESS_KEY_ID}`);
  const { output } = await aws(new GetAccessKeyLastUsedCommand({ AccessKeyId: EXPOSED_ACCESS_KEY_ID }));
  const EXPOSED_KEY_OWNER = output.UserName as string;
  if (!EXPOSED_KEY_OWNER) throw new LabStepError(`no user owns ${EXPOSED_ACCESS_KEY_ID}`);
  if (!output.AccessKeyLastUsed?.LastUsedDate) {
    if (!existsSync(attackerLogFile())) {
      throw new LabStepError(
        `${EXPOSED_ACCESS_KEY_ID} shows no use yet: run ${invocation(SLUG, '02-attacker')} first.`,
      );
    }
    // AWS records a key's last use with a delay (up to hours); the sandbox at once.
    notice(`${EXPOSED_ACCESS_KEY_ID} shows no use yet: AWS can take a while to record it. Going on.`);
  }
  vars.set('EXPOSED_KEY_OWNER', EXPOSED_KEY_OWNER);
  await aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), { output: 'table' });
  console.log(
    `# the key belongs to ${EXPOSED_KEY_OWNER}; it was last used for ${output.AccessKeyLastUsed?.ServiceName} in ${output.AccessKeyLastUsed?.Region}`,
  );
}

const owner = vars.get('EXPOSED_KEY_OWNER');
if (await deletedSince(owner)) {
  notice(
    `${EXPOSED_ACCESS_KEY_ID} was disabled and deleted in an earlier run (04-disable-delete-key); its owner ` +
      `was ${owner}. To run the drill from the start, run ${teardownCommand(SLUG)} first.`,
  );
} else {
  await identify();
}
