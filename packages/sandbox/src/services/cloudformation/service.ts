/** The CloudFormation service definition, built over a provider registry (the real one, or fakes in tests). */
import type { RequestContext, ServiceDefinition } from '../../core/types';
import {
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
  listChangeSets,
} from './changesets';
import type { ProviderRegistry } from './providers/types';
import {
  describeStackEvents,
  describeStackResource,
  describeStackResources,
  describeStacks,
  getTemplate,
  getTemplateSummary,
  listExports,
  listImports,
  listStackResources,
  listStacks,
  updateTerminationProtection,
  validateTemplate,
} from './queries';
import { createStack, deleteStack, updateStack } from './stacks';

const READ_ONLY = /^(Describe|List|Get|Validate|Estimate)/;

export function createCloudFormationService(providers: ProviderRegistry): ServiceDefinition {
  return {
    name: 'cloudformation',
    protocols: ['awsQuery'],
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    namespace: 'com.amazonaws.cloudformation',
    load: () => import('@aws-sdk/client-cloudformation'),
    operations: {
      CreateStack: (ctx, input) => createStack(ctx, input, providers),
      UpdateStack: (ctx, input) => updateStack(ctx, input, providers),
      DeleteStack: (ctx, input) => deleteStack(ctx, input, providers),
      DescribeStacks: describeStacks,
      DescribeStackEvents: describeStackEvents,
      DescribeStackResources: describeStackResources,
      DescribeStackResource: describeStackResource,
      ListStackResources: listStackResources,
      ListStacks: listStacks,
      GetTemplate: getTemplate,
      ValidateTemplate: validateTemplate,
      GetTemplateSummary: getTemplateSummary,
      ListExports: listExports,
      ListImports: listImports,
      UpdateTerminationProtection: updateTerminationProtection,
      CreateChangeSet: createChangeSet,
      DescribeChangeSet: describeChangeSet,
      ListChangeSets: listChangeSets,
      DeleteChangeSet: deleteChangeSet,
      ExecuteChangeSet: (ctx, input) => executeChangeSet(ctx, input, providers),
    },
    readOnly: (operation) => READ_ONLY.test(operation),
    resources: (ctx: RequestContext, _operation, input) => {
      const name = input.StackName;
      if (typeof name !== 'string' || name === '') return ['*'];
      if (name.startsWith('arn:')) return [name];
      return [`arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${name}/*`];
    },
  };
}
