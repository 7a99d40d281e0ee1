#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: delete the stack (the blog did it in the console), follow its events until DELETE_COMPLETE, and
// check that nothing carrying the lab's tag is left. Safe to run twice or after a half-finished run; a stack
// of the same name that the lab did not make is left alone.
import { rmSync } from 'node:fs';
import { DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeInternetGatewaysCommand,
  type DescribeInternetGatewaysCommandOutput,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { clients, LAB_TAG_KEY, labOf } from '@handson/aws';
import { allPages } from '@handson/cli';
import { knownEvents, watchStack } from '@handson/lab-helpers/stack-events';
import { aws, forgetOnce, LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { findStack, LIVE_INSTANCE_STATES, SLUG, STACK_NAME, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, 'teardown');

const { cloudformation: cfn, ec2 } = clients();
const stackName = vars.get('STACK_NAME') ?? STACK_NAME;
const labTag = { Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] };

async function deleteStack(): Promise<void> {
  const stack = await findStack(stackName);
  if (!stack) {
    console.log(`stack ${stackName} does not exist: nothing to delete.`);
    return;
  }
  if (labOf(stack.Tags) !== SLUG) {
    console.log(`stack ${stackName} was not made by this lab (no ${LAB_TAG_KEY}=${SLUG} tag): left alone.`);
    return;
  }
  const STACK_ID = stack.StackId!;
  const seen = await knownEvents(cfn, STACK_ID);
  await aws(new DeleteStackCommand({ StackName: stackName }));
  const status = await watchStack(cfn, STACK_ID, {
    what: `stack ${stackName} to reach DELETE_COMPLETE`,
    seen,
  });
  await aws(new DescribeStacksCommand({ StackName: STACK_ID }), {
    query: 'Stacks[0].StackStatus',
    output: 'text',
  });
  if (status !== 'DELETE_COMPLETE') {
    throw new LabStepError(
      `the stack ended ${status}; the events above say which resource is left, and why.`,
    );
  }
}

/** What the stack makes that could outlive it, by the lab's tag (CloudFormation passes the stack's tags on). */
async function leftBehind(): Promise<string[]> {
  const instances = await allPages<DescribeInstancesCommandOutput>(
    ec2 as never,
    new DescribeInstancesCommand({
      Filters: [labTag, { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }],
    }),
  );
  const gateways = await allPages<DescribeInternetGatewaysCommandOutput>(
    ec2 as never,
    new DescribeInternetGatewaysCommand({ Filters: [labTag] }),
  );
  return [
    ...(instances.Reservations ?? [])
      .flatMap((r) => r.Instances ?? [])
      .map((i) => `instance ${i.InstanceId}`),
    ...(gateways.InternetGateways ?? []).map((g) => `internet gateway ${g.InternetGatewayId}`),
  ];
}

await deleteStack();

// Nothing left: no VPC with the lab's tag, nor an instance or internet gateway.
const left = await aws(new DescribeVpcsCommand({ Filters: [labTag] }), {
  query: 'Vpcs[].VpcId',
  output: 'text',
});
const others = await leftBehind();
if ((left.output.Vpcs ?? []).length > 0 || others.length > 0) {
  const vpcs = (left.output.Vpcs ?? []).map((v) => `vpc ${v.VpcId}`);
  throw new LabStepError(`left behind: ${[...vpcs, ...others].join(', ')}`);
}
console.log(`nothing tagged ${LAB_TAG_KEY}=${SLUG} is left.`);
const diagram = vars.get('FILE_DIAGRAM');
if (diagram) rmSync(diagram, { force: true });
vars.clear();
// The notebook's record of which cells ran: after a teardown they create again.
forgetOnce(SLUG);
