#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// キーペアの作成: `aws ec2 create-key-pair --key-name SampleKeyPair --query 'KeyMaterial' --output text >
// SampleKeyPair.pem`, then describe-key-pairs. The private key goes to the file (0400) and never to the screen.
import { chmodSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { CreateKeyPairCommand, DescribeKeyPairsCommand, type KeyPairInfo } from '@aws-sdk/client-ec2';
import { ec2TagSpecifications } from '@handson/aws';
import { aws, createOnce, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { KEY_PAIR_NAME, keyFile, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';
import { findKeyPair, isLabs } from './resources.mts';

await step(LAB, '02-key-pair');

const pem = keyFile();

/** The blog's create-key-pair; labkit prints KeyMaterial masked, the file gets the real key. */
async function createKeyPair(): Promise<KeyPairInfo> {
  const created = await aws(
    new CreateKeyPairCommand({
      KeyName: KEY_PAIR_NAME,
      TagSpecifications: ec2TagSpecifications(SLUG, 'key-pair'),
    }),
    { query: 'KeyMaterial', output: 'text' },
  );
  rmSync(pem, { force: true }); // a stale read-only file from an interrupted run
  writeFileSync(pem, created.output.KeyMaterial ?? '', { mode: 0o400 });
  chmodSync(pem, 0o400);
  return created.output;
}

/** The lab's pair is of no use without its private key, which AWS shows only once, when it creates the pair. */
async function findUsableKeyPair(): Promise<KeyPairInfo | undefined> {
  const found = await findKeyPair();
  if (found && isLabs(found.Tags) && !existsSync(pem)) {
    throw new LabStepError(
      `EC2 key pair ${KEY_PAIR_NAME} is this lab's, but its private key file ${pem} is gone and AWS never ` +
        `shows a private key again: run ${teardownCommand(SLUG)} (it deletes the pair), then this step again.`,
    );
  }
  return found;
}

await createOnce({
  slug: SLUG,
  what: `EC2 key pair ${KEY_PAIR_NAME}`,
  find: findUsableKeyPair,
  create: createKeyPair,
  ours: (found) => isLabs(found.Tags),
});
vars.set('KEY_PAIR_NAME', KEY_PAIR_NAME);
vars.set('FILE_KEY_PAIR', pem);
console.log(
  `(${KEY_PAIR_NAME}.pem: mode ${(statSync(pem).mode & 0o777).toString(8)}, ${statSync(pem).size} bytes)`,
);

await aws(new DescribeKeyPairsCommand({ KeyNames: [KEY_PAIR_NAME] }));
