#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 一時ファイルの確認: one file per receive, each holding one message and its ReceiptHandle.

import { readdirSync, readFileSync } from 'node:fs';
import { step } from '../_lib/entry.mts';
import { dirSqsMessage, fileSqsMessage, SQS_QUEUE_NAME } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '06-message-files');

const dir = dirSqsMessage();
console.log('$ ls ./tmp-handson-cli-sqs/');
for (const name of readdirSync(dir).sort()) console.log(name);
console.log(`$ cat ./tmp-handson-cli-sqs/${SQS_QUEUE_NAME}-15.json`);
process.stdout.write(readFileSync(fileSqsMessage(15), 'utf8'));
