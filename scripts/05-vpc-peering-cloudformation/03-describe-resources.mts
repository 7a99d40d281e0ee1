#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
import { piped } from '@handson/lab-helpers/pipe';
// 確認: the blog's seven describe checks, each with its --query and --output, piped through the same
// `sort` / `column -t` where the blog piped them.
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { CHECKS } from './checks.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-describe-resources');

for (const check of CHECKS) {
  console.log(`\n# ${check.title}`);
  if (check.pipeline) await piped(check.command(), check.options, check.pipeline);
  else await aws(check.command(), check.options);
}
