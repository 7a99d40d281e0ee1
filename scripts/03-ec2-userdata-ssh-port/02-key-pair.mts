#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// キーペアの作成: `aws ec2 create-key-pair --key-name SampleKeyPair --query 'KeyMaterial' --output text >
// SampleKeyPair.pem`, then describe-key-pairs. The private key goes to the file (0400) and never to the screen.
import '../_lib/report-errors.mts';
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { CreateKeyPairCommand, DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { ec2TagSpecifications } from '@handson/aws';
import { aws } from '@handson/labkit';
import { KEY_PAIR_NAME, keyFile, SLUG, vars } from './lab.mts';

const pem = keyFile();
// labkit prints KeyMaterial masked; the file below gets the real key.
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
vars.set('KEY_PAIR_NAME', KEY_PAIR_NAME);
vars.set('FILE_KEY_PAIR', pem);
console.log(
  `(${KEY_PAIR_NAME}.pem: mode ${(statSync(pem).mode & 0o777).toString(8)}, ${statSync(pem).size} bytes)`,
);

await aws(new DescribeKeyPairsCommand({ KeyNames: [KEY_PAIR_NAME] }));
