// What every script of this lab shares: its slug, the blog's names and the template. The stack-event watcher
// and the blog's `| sort | column -t` are in @handson/lab-helpers, which the notebook imports too.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { clients, resolveTarget } from '@handson/aws';
import { LabStepError, labVars } from '@handson/labkit';
import { labFile } from '../_lib/lab-file.mts';

export const SLUG = '05-vpc-peering-cloudformation';
export const vars = labVars(SLUG);

/** The stack; the blog named its VPCs handson-vpc-peering1..3 and filtered on `handson-vpc*`. */
export const STACK_NAME = process.env.HANDSON_STACK_NAME ?? 'handson-vpc-peering';
export const NAME_PREFIX = 'handson-vpc-peering';
export const TAG_FILTER = [{ Name: 'tag-value', Values: ['handson-vpc*'] }];

/** FILE_TEMPLATE: the parameterised template, shown as the path the learner would type from the checkout. */
const HERE = dirname(fileURLToPath(import.meta.url));
export const FILE_TEMPLATE = process.env.HANDSON_TEMPLATE ?? join(HERE, 'template.yaml');
export const fileTemplateShown = () => relative(process.cwd(), FILE_TEMPLATE) || FILE_TEMPLATE;
export function templateBody(): string {
  // The lab's own template is beside the scripts in a checkout and inside a CloudShell bundle (labFile).
  if (!process.env.HANDSON_TEMPLATE) return labFile(SLUG, 'template.yaml');
  if (!existsSync(FILE_TEMPLATE)) {
    throw new LabStepError(`${FILE_TEMPLATE} not found: HANDSON_TEMPLATE names a file that does not exist.`);
  }
  return readFileSync(FILE_TEMPLATE, 'utf8');
}

/** The instances by CloudFormation logical id, in the blog's order, and the VPC each one sits in. */
export const LOGICAL_IDS = ['EC2A', 'EC2B', 'EC2C'] as const;

export const onAws = () => resolveTarget().kind === 'aws';

/** Instances that still exist (a terminated one stays listed for about an hour). */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

/**
 * CLIENT_CIDR: where SSH may come from. On the sandbox a documentation address (RFC 5737 TEST-NET-1, apart from the ranges the sandbox
 * gives instances) stands for the
 * learner's PC; on AWS it is HANDSON_CLIENT_CIDR or the address checkip.amazonaws.com sees.
 */
export async function clientCidr(): Promise<string> {
  if (process.env.HANDSON_CLIENT_CIDR) return process.env.HANDSON_CLIENT_CIDR;
  if (!onAws()) return '192.0.2.10/32';
  const res = await fetch('https://checkip.amazonaws.com/');
  const ip = (await res.text()).trim();
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))
    throw new LabStepError(`checkip.amazonaws.com answered "${ip}"; set HANDSON_CLIENT_CIDR=x.x.x.x/32`);
  return `${ip}/32`;
}

/** The stack by name as it is now, or undefined (a deleted stack is found only by its id). */
export async function findStack(name: string): Promise<Stack | undefined> {
  return clients()
    .cloudformation.send(new DescribeStacksCommand({ StackName: name }))
    .then(
      (out) => out.Stacks?.[0],
      (error: { name?: string; message?: string }) => {
        if (error.name === 'ValidationError' && /does not exist/.test(error.message ?? '')) return undefined;
        throw error;
      },
    );
}
