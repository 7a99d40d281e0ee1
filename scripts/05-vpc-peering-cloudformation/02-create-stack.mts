#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 実行: create the stack from the CLI (the blog used the console and wanted the CLI next time), follow its
// events as they come, and wait for CREATE_COMPLETE.
import '../_lib/report-errors.mts';
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { clients, cloudFormationTags } from '@handson/aws';
import { aws } from '@handson/labkit';
import {
  clientCidr,
  fileTemplateShown,
  onAws,
  SLUG,
  STACK_NAME,
  templateBody,
  vars,
  watchStack,
} from './lab.mts';

const { cloudformation: cfn } = clients();
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
const STACK_ID = created.output.StackId!;
vars.set('STACK_NAME', STACK_NAME);
vars.set('STACK_ID', STACK_ID);

const status = await watchStack(cfn, STACK_ID);
await aws(new DescribeStacksCommand({ StackName: STACK_NAME }), {
  query: 'Stacks[0].StackStatus',
  output: 'text',
});
if (status !== 'CREATE_COMPLETE') {
  console.error(`error: the stack ended ${status}; the events above say which resource failed and why.`);
  process.exit(1);
}
await aws(new DescribeStacksCommand({ StackName: STACK_NAME }), {
  query: 'Stacks[0].Outputs[].[OutputKey,OutputValue]',
  output: 'table',
});
