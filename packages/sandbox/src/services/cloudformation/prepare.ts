/** Everything a stack operation needs before it touches resources: template, graph, parameters, conditions. */
import { AwsError, type RequestContext } from '../../core/types';
import type { CloudFormationState } from './state';
import { validationError } from './template/errors';
import { type DependencyGraph, dependencyGraph } from './template/graph';
import { type EvalEnv, evaluateConditions } from './template/intrinsics';
import {
  type GivenParameter,
  type ResolvedParameters,
  resolveParameters,
  type StackParameter,
} from './template/parameters';
import { type ParsedTemplate, parseTemplate, visitIntrinsics } from './template/parse';

export interface Prepared {
  template: ParsedTemplate;
  graph: DependencyGraph;
  params: ResolvedParameters;
  env: EvalEnv;
  /** Export names the template imported so far (filled while resources are created). */
  imports: Set<string>;
}

const FALLBACK_AZ_LETTERS: Record<string, string[]> = {
  'ap-northeast-1': ['a', 'c', 'd'],
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-west-1': ['a', 'c'],
};

/** The region's availability zones, from EC2 when it answers, else the real zone letters of the region. */
export async function availabilityZones(ctx: RequestContext): Promise<string[]> {
  try {
    const out = await ctx.call('ec2', 'DescribeAvailabilityZones', {});
    const zones = (out.AvailabilityZones as { ZoneName?: string; State?: string }[] | undefined) ?? [];
    const names = zones
      .filter((z) => !z.State || z.State === 'available')
      .map((z) => z.ZoneName!)
      .filter(Boolean);
    if (names.length > 0) return names.sort();
  } catch (err) {
    if (err instanceof AwsError && /Unauthorized|AccessDenied/.test(err.code)) throw err;
  }
  return (FALLBACK_AZ_LETTERS[ctx.region] ?? ['a', 'b', 'c']).map((l) => `${ctx.region}${l}`);
}

/** Whether evaluating the template needs the zone list (Fn::GetAZs or an AvailabilityZone parameter). */
function usesAvailabilityZones(template: ParsedTemplate): boolean {
  if (Object.values(template.parameters).some((p) => p.Type.includes('AWS::EC2::AvailabilityZone::Name')))
    return true;
  let found = false;
  const look = (value: unknown) =>
    visitIntrinsics(value, [], (fn) => {
      if (fn === 'Fn::GetAZs') found = true;
    });
  for (const r of Object.values(template.resources)) look(r.Properties);
  look(template.outputs);
  look(template.conditions);
  return found;
}

/** TemplateBody, or a clear error for what the sandbox cannot fetch. */
export function templateBodyOf(input: { TemplateBody?: string; TemplateURL?: string }): string {
  if (input.TemplateBody !== undefined && input.TemplateURL !== undefined) {
    throw validationError('Specify exactly one of TemplateBody and TemplateURL.');
  }
  if (input.TemplateURL !== undefined) {
    throw validationError(
      'TemplateURL is not supported by this sandbox (it has no network access); pass the template as TemplateBody (the CLI: --template-body file://template.yaml).',
    );
  }
  if (input.TemplateBody === undefined || input.TemplateBody === '') {
    throw validationError('Either Template URL or Template Body must be specified.');
  }
  if (input.TemplateBody.length > 51_200) {
    throw validationError(
      "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200",
    );
  }
  return input.TemplateBody;
}

export async function prepare(
  ctx: RequestContext,
  state: CloudFormationState,
  body: string,
  stack: { StackName: string; StackId: string },
  given: GivenParameter[] | undefined,
  previous: StackParameter[] | undefined,
): Promise<Prepared> {
  const template = parseTemplate(body);
  const graph = dependencyGraph(template);
  const azs = usesAvailabilityZones(template) ? await availabilityZones(ctx) : [];
  const params = await resolveParameters(ctx, template, given, previous, azs);
  const imports = new Set<string>();
  const env: EvalEnv = {
    template,
    parameters: params.values,
    accountId: ctx.accountId,
    region: ctx.region,
    stackName: stack.StackName,
    stackId: stack.StackId,
    resources: {},
    azs,
    importValue: (name) => {
      imports.add(name);
      return state.exports[name]?.value;
    },
  };
  env.conditions = evaluateConditions(env);
  return { template, graph, params, env, imports };
}

const IAM_TYPES: Record<string, string | undefined> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserToGroupAddition': undefined,
};

/** The capability a template needs (IAM resources; named ones need CAPABILITY_NAMED_IAM) and why. */
export function requiredCapability(template: ParsedTemplate): { capability?: string; reason?: string } {
  const iam = Object.values(template.resources).filter((r) => r.Type in IAM_TYPES);
  if (iam.length === 0) return {};
  const named = iam.some((r) => {
    const nameProp = IAM_TYPES[r.Type];
    return nameProp !== undefined && r.Properties[nameProp] !== undefined;
  });
  const types = [...new Set(iam.map((r) => r.Type))];
  return {
    capability: named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM',
    reason: `The following resource(s) require capabilities: [${types.join(', ')}]`,
  };
}

const KNOWN_CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

export function checkCapabilities(template: ParsedTemplate, given: string[] | undefined): void {
  for (const c of given ?? []) {
    if (!KNOWN_CAPABILITIES.includes(c)) {
      throw validationError(
        `1 validation error detected: Value '[${c}]' at 'capabilities' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${KNOWN_CAPABILITIES.join(', ')}]]`,
      );
    }
  }
  const { capability } = requiredCapability(template);
  if (!capability) return;
  const has = given ?? [];
  const ok =
    capability === 'CAPABILITY_IAM'
      ? has.includes('CAPABILITY_IAM') || has.includes('CAPABILITY_NAMED_IAM')
      : has.includes('CAPABILITY_NAMED_IAM');
  if (!ok) throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${capability}]`);
}

export function noEchoParameters(template: ParsedTemplate): string[] {
  return Object.entries(template.parameters)
    .filter(([, d]) => d.NoEcho === true || String(d.NoEcho).toLowerCase() === 'true')
    .map(([k]) => k);
}

/**
 * A service role must exist (CloudFormation refuses one it cannot assume). The sandbox still provisions with
 * the caller's own permissions: it cannot act as another principal.
 */
export async function checkRoleArn(ctx: RequestContext, roleArn: unknown): Promise<void> {
  if (roleArn === undefined) return;
  const arn = String(roleArn);
  const name = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn)?.[1];
  const invalid = () => validationError(`Role ${arn} is invalid or cannot be assumed`);
  if (!name) throw invalid();
  try {
    await ctx.call('iam', 'GetRole', { RoleName: name });
  } catch (err) {
    if (err instanceof AwsError && err.code === 'NoSuchEntity') throw invalid();
    throw err;
  }
}
