#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: delete the access keys this lab made, the user if this lab created it, and the files. Safe to run
// twice or after a half-finished run.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
} from '@aws-sdk/client-iam';
import { clients, isNotFound, removeResource, teardown } from '@handson/aws';
import { allPages } from '@handson/cli';
import { forgetOnce, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { dirAccessKey, dirConfigureSample, IAM_USER_NAME, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, 'teardown');

const { iam } = clients();
const td = teardown(SLUG, { log: (line) => console.log(line) });
const created = vars.get('CREATED_USER');
const userName = vars.get('IAM_USER_NAME') ?? IAM_USER_NAME;
const ownKey = vars.get('ACCESS_KEY_ID');

td.add('delete the lab files', () => {
  rmSync(dirAccessKey(), { recursive: true, force: true });
  rmSync(dirConfigureSample(), { recursive: true, force: true });
  rmSync(join(workDir(SLUG), 'credentials-pipeline.svg'), { force: true });
  vars.clear();
});
if (created) td.add(`delete IAM user ${created}`, () => removeResource('iam:user', created));
td.add(`delete the access keys of ${userName} made by this lab`, async () => {
  const keys = await allPages<ListAccessKeysResponse>(
    iam,
    new ListAccessKeysCommand({ UserName: userName }),
  ).catch((error: unknown) => {
    if (isNotFound(error)) return { AccessKeyMetadata: [] };
    throw error;
  });
  for (const key of keys.AccessKeyMetadata ?? []) {
    // A user this lab did not create keeps the keys it had before.
    if (created || key.AccessKeyId === ownKey) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId }));
    }
  }
});
// The notebook's record of which cells ran: after a teardown they create again.
forgetOnce(SLUG);
const report = await td.run();
if (!report.ok) process.exit(1);
