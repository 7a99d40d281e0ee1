#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 実行: create the stack from the CLI (the blog used the console and wanted the CLI next time), follow its
// events as they come, and wait for CREATE_COMPLETE. Run again, it reuses the lab's stack.
import {
  CreateStackCommand,
  DescribeStacksCommand,
  type Stack,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { clients, cloudFormationTags, labOf } from '@handson/aws';
import { knownEvents, watchStack } from '@handson/lab-helpers/stack-events';
import { aws, createOnce, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  clientCidr,
  fileTemplateShown,
  findStack,
  onAws,
  SLUG,
  STACK_NAME,
  templateBody,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '02-create-stack');

type LabStack = Pick<Stack, 'StackId' | 'StackStatus' | 'Tags'>;
/** Statuses of a stack that stands, with every resource made: what the later steps need. */
const STANDING = /^(CREATE|UPDATE|UPDATE_ROLLBACK)_COMPLETE$/;

const { cloudformation: cfn } = clients();
const untilComplete = `stack ${STACK_NAME} to reach CREATE_COMPLETE (CloudFormation takes minutes on AWS)`;

async function createStack(): Promise<LabStack> {
  const CLIENT_CIDR = await clientCidr();
  // On AWS the instances get a Systems Manager role, so the ping matrix can run on them (Run Command).
  const ssm = onAws();
  const created = await aws(
    new CreateStackCommand({
      StackName: STACK_NAME,
      TemplateBody: templateBody(),
      Parameters: [
        { ParameterKey: 'ClientCidr', ParameterValue: CLIENT_CIDR },
        { ParameterKey: 'EnableSsm', ParameterValue: String(ssm) },
      ],
      // The template holds the (conditional) Systems Manager role, so CloudFormation asks for this either way.
      Capabilities: ['CAPABILITY_IAM'],
      Tags: cloudFormationTags(SLUG),
    }),
    { files: { TemplateBody: fileTemplateShown() }, query: 'StackId', output: 'text' },
  );
  const StackId = created.output.StackId!;
  vars.set('STACK_NAME', STACK_NAME);
  vars.set('STACK_ID', StackId);
  const ended = await watchStack(cfn, StackId, { what: untilComplete });
  // The status the events ended with (the stack's own last event).
  return { StackId, StackStatus: ended as StackStatus };
}

/** The lab's stack in a state this step can go on from; one it cannot stops the step, saying what to do. */
async function findUsableStack(): Promise<LabStack | undefined> {
  const found = await findStack(STACK_NAME);
  if (!found || labOf(found.Tags) !== SLUG) return found;
  const status = found.StackStatus ?? '';
  if (status === 'CREATE_IN_PROGRESS' || STANDING.test(status)) return found;
  const next =
    status === 'DELETE_IN_PROGRESS'
      ? `wait for ${teardownCommand(SLUG)} to finish`
      : `run ${teardownCommand(SLUG)} (it deletes the stack)`;
  throw new LabStepError(`stack ${STACK_NAME} (this lab's) is ${status}: ${next}, then this step again.`);
}

const { value: stack, created } = await createOnce({
  slug: SLUG,
  what: `CloudFormation stack ${STACK_NAME}`,
  find: findUsableStack,
  create: createStack,
  ours: (found) => labOf(found.Tags) === SLUG,
});
let status = stack.StackStatus ?? '';
if (!created) {
  vars.set('STACK_NAME', STACK_NAME);
  vars.set('STACK_ID', stack.StackId!);
  // An earlier run stopped while CloudFormation was still at it: follow the events from here.
  if (status === 'CREATE_IN_PROGRESS') {
    const seen = await knownEvents(cfn, stack.StackId!);
    status = await watchStack(cfn, stack.StackId!, { what: untilComplete, seen });
  }
}

await aws(new DescribeStacksCommand({ StackName: STACK_NAME }), {
  query: 'Stacks[0].StackStatus',
  output: 'text',
});
if (!STANDING.test(status)) {
  throw new LabStepError(`the stack ended ${status}; the events above say which resource failed and why.`);
}
await aws(new DescribeStacksCommand({ StackName: STACK_NAME }), {
  query: 'Stacks[0].Outputs[].[OutputKey,OutputValue]',
  output: 'table',
});
