#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: delete the stack (the blog did it in the console), follow its events until DELETE_COMPLETE, and
// check that nothing carrying the lab's tag is left. Safe to run twice or after a half-finished run.
import '../_lib/report-errors.mts';
import { rmSync } from 'node:fs';
import { DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { clients, LAB_TAG_KEY, sweep } from '@handson/aws';
import { aws } from '@handson/labkit';
import { knownEvents, SLUG, STACK_NAME, vars, watchStack } from './lab.mts';

const { cloudformation: cfn } = clients();
const stackName = vars.get('STACK_NAME') ?? STACK_NAME;

// The stack as it is now, if it exists (a deleted stack is only found by its id).
const stack = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).then(
  (out) => out.Stacks?.[0],
  (error: { name?: string; message?: string }) => {
    if (error.name === 'ValidationError' && /does not exist/.test(error.message ?? '')) return undefined;
    throw error;
  },
);

if (!stack) {
  console.log(`stack ${stackName} does not exist: nothing to delete.`);
} else {
  const STACK_ID = stack.StackId!;
  const seen = await knownEvents(cfn, STACK_ID);
  await aws(new DeleteStackCommand({ StackName: stackName }));
  const status = await watchStack(cfn, STACK_ID, { seen });
  await aws(new DescribeStacksCommand({ StackName: STACK_ID }), {
    query: 'Stacks[0].StackStatus',
    output: 'text',
  });
  if (status !== 'DELETE_COMPLETE') {
    console.error(`error: the stack ended ${status}; the events above say which resource is left, and why.`);
    process.exit(1);
  }
}

// Nothing left: no VPC with the lab's tag, and nothing else the sweep knows of.
const left = await aws(
  new DescribeVpcsCommand({ Filters: [{ Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] }] }),
  {
    query: 'Vpcs[].VpcId',
    output: 'text',
  },
);
const { found } = await sweep(SLUG, { log: () => {} });
if ((left.output.Vpcs ?? []).length > 0 || found.length > 0) {
  console.error(`error: left behind: ${found.map((f) => `${f.kind} ${f.id}`).join(', ')}`);
  process.exit(1);
}
console.log(`nothing tagged ${LAB_TAG_KEY}=${SLUG} is left.`);
const diagram = vars.get('FILE_DIAGRAM');
if (diagram) rmSync(diagram, { force: true });
vars.clear();
