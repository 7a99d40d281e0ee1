#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's 設定 → DevOps Guru 分析カバレッジ: DevOps Guru analyses the resources carrying the lab's coverage
// tag from now on. The 2-hour learning period starts here; its start is kept for the next steps.
import { GetResourceCollectionCommand, UpdateResourceCollectionCommand } from '@aws-sdk/client-devops-guru';
import { notice, targetNow } from '@handson/aws';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { COVERAGE_TAG_KEY, COVERAGE_TAG_VALUE, coverageFilter, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '02-enable-coverage');

const collection = () => aws(new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_TAGS' }));
const covered = (await collection()).output.ResourceCollection?.Tags?.some(
  (t) => t.AppBoundaryKey === COVERAGE_TAG_KEY && (t.TagValues ?? []).includes(COVERAGE_TAG_VALUE),
);
const startedAt = vars.get('COVERAGE_STARTED_AT');
if (covered && startedAt) {
  notice(
    `Coverage of ${COVERAGE_TAG_KEY}=${COVERAGE_TAG_VALUE} is on since ${startedAt} (an earlier run): learning goes on from then.`,
  );
} else {
  await aws(new UpdateResourceCollectionCommand({ Action: 'ADD', ResourceCollection: coverageFilter() }));
  vars.set('COVERAGE_STARTED_AT', (await targetNow()).toISOString());
  await collection();
}
console.log(`学習期間 (2 時間) の始まり: ${vars.get('COVERAGE_STARTED_AT')}`);
