import { AwsError, type Handler, type RequestContext, type ServiceDefinition } from '../../core/types';
import { sandboxOperations } from './dataplane';
import type { Input } from './errors';
import { gatewayOperations } from './gateways';
import { imageOperations } from './images';
import { instanceViewOperations } from './instance-views';
import { instanceOperations } from './instances';
import { keyPairOperations } from './key-pairs';
import { peeringOperations } from './peering';
import { regionOperations } from './region-operations';
import { routeTableOperations } from './route-tables';
import { securityGroupOperations } from './security-groups';
import { ec2State } from './state';
import { tagOperations } from './tags';
import { vpcOperations } from './vpcs';

export { checkReachability, describeInstanceModel, networkSnapshot } from './dataplane';
export { AMAZON_OWNER_ID, amazonLinuxLatestParameter } from './images';
export { type Ec2State, ec2State } from './state';

const READ_ONLY = /^(Describe|Get|SandboxDescribe|SandboxCheck)/;

/** EC2 acts on instance ARNs for instance operations; most other actions are not resource-scoped here. */
function resources(ctx: RequestContext, operation: string, input: Input): string[] {
  const ids: unknown = input.InstanceIds ?? (input.InstanceId !== undefined ? [input.InstanceId] : undefined);
  if (
    Array.isArray(ids) &&
    ids.length > 0 &&
    /Instance/.test(operation) &&
    operation !== 'DescribeInstances'
  ) {
    return ids.map((id) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:instance/${String(id)}`);
  }
  return ['*'];
}

/**
 * DryRun=true: IAM has already allowed the call when a handler runs (the core authorizes first), so the
 * answer is EC2's "would have succeeded" error and nothing changes.
 */
function withDryRun(operations: Record<string, Handler>): Record<string, Handler> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, handler]) => [
      name,
      (ctx: RequestContext, input: Input) => {
        if (input?.DryRun === true) {
          throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', {
            status: 412,
          });
        }
        return handler(ctx, input);
      },
    ]),
  );
}

/**
 * Operations whose IAM action is not `ec2:<Operation>`. The sandbox's own data-plane questions (no AWS API
 * has them) only read what DescribeInstances shows, so they need what it needs. RunInstances with an
 * instance profile also needs iam:PassRole on its role (checked in instance-profile.ts).
 */
const ACTIONS: Record<string, string> = {
  SandboxDescribeInstanceModel: 'ec2:DescribeInstances',
  SandboxCheckReachability: 'ec2:DescribeInstances',
};

export const service: ServiceDefinition = {
  name: 'ec2',
  protocols: ['ec2Query'],
  xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  namespace: 'com.amazonaws.ec2',
  load: () => import('@aws-sdk/client-ec2'),
  actions: ACTIONS,
  operations: withDryRun({
    ...regionOperations,
    ...tagOperations(ec2State),
    ...vpcOperations,
    ...gatewayOperations,
    ...routeTableOperations,
    ...peeringOperations,
    ...securityGroupOperations,
    ...keyPairOperations,
    ...imageOperations,
    ...instanceOperations,
    ...instanceViewOperations,
    ...sandboxOperations,
  }),
  readOnly: (operation) => READ_ONLY.test(operation),
  resources,
};

export default service;
