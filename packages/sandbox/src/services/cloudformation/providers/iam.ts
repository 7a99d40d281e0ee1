/**
 * AWS::IAM resources through the IAM service. Like CloudFormation on AWS, IAM resources do not get the
 * aws:cloudformation:* tags (IAM refuses keys with the aws: prefix); the stack's own tags are applied to roles.
 */
import { ResourceFailure } from '../engine';
import { call, compact, num } from './common';
import type { ProviderRegistry, ProvisionContext, ResourceProvider } from './types';

const iam = (p: ProvisionContext, op: string, input: Record<string, unknown>) => call(p, 'iam', op, input);

function json(doc: unknown): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc);
}

function stackTags(p: ProvisionContext, own: unknown) {
  const tags = [
    ...p.tags.filter((t) => !t.Key.startsWith('aws:')),
    ...((own as { Key: string; Value: string }[] | undefined) ?? []),
  ];
  return tags.length > 0 ? tags : undefined;
}

const role: ResourceProvider = {
  async create(p, props) {
    const name = props.RoleName ?? p.physicalName(64);
    const out = await iam(p, 'CreateRole', {
      RoleName: name,
      Path: props.Path,
      AssumeRolePolicyDocument: json(props.AssumeRolePolicyDocument),
      Description: props.Description,
      MaxSessionDuration: num(props.MaxSessionDuration),
      PermissionsBoundary: props.PermissionsBoundary,
      Tags: stackTags(p, props.Tags),
    });
    for (const arn of (props.ManagedPolicyArns as string[] | undefined) ?? []) {
      await iam(p, 'AttachRolePolicy', { RoleName: name, PolicyArn: arn });
    }
    for (const policy of (props.Policies as { PolicyName: string; PolicyDocument: unknown }[] | undefined) ??
      []) {
      await iam(p, 'PutRolePolicy', {
        RoleName: name,
        PolicyName: policy.PolicyName,
        PolicyDocument: json(policy.PolicyDocument),
      });
    }
    const r = out.Role as { Arn: string; RoleId: string };
    return { physicalId: name, attributes: { Arn: r.Arn, RoleId: r.RoleId } };
  },
  async delete(p, id, props) {
    for (const arn of (props.ManagedPolicyArns as string[] | undefined) ?? []) {
      await iam(p, 'DetachRolePolicy', { RoleName: id, PolicyArn: arn }).catch(() => undefined);
    }
    for (const policy of (props.Policies as { PolicyName: string }[] | undefined) ?? []) {
      await iam(p, 'DeleteRolePolicy', { RoleName: id, PolicyName: policy.PolicyName }).catch(
        () => undefined,
      );
    }
    await iam(p, 'DeleteRole', { RoleName: id });
  },
};

const instanceProfile: ResourceProvider = {
  async create(p, props) {
    const roles = (props.Roles as string[] | undefined) ?? [];
    if (roles.length > 1) throw new ResourceFailure('Roles has too many elements. The limit is 1.');
    const name = props.InstanceProfileName ?? p.physicalName(128);
    const out = await iam(p, 'CreateInstanceProfile', { InstanceProfileName: name, Path: props.Path });
    for (const r of roles)
      await iam(p, 'AddRoleToInstanceProfile', { InstanceProfileName: name, RoleName: r });
    return { physicalId: name, attributes: { Arn: (out.InstanceProfile as { Arn: string }).Arn } };
  },
  async delete(p, id, props) {
    for (const r of (props.Roles as string[] | undefined) ?? []) {
      await iam(p, 'RemoveRoleFromInstanceProfile', { InstanceProfileName: id, RoleName: r }).catch(
        () => undefined,
      );
    }
    await iam(p, 'DeleteInstanceProfile', { InstanceProfileName: id });
  },
};

const TARGETS = [
  ['Roles', 'RoleName', 'Role'],
  ['Users', 'UserName', 'User'],
  ['Groups', 'GroupName', 'Group'],
] as const;

const inlinePolicy: ResourceProvider = {
  async create(p, props) {
    let count = 0;
    for (const [prop, member, kind] of TARGETS) {
      for (const target of (props[prop] as string[] | undefined) ?? []) {
        await iam(p, `Put${kind}Policy`, {
          [member]: target,
          PolicyName: props.PolicyName,
          PolicyDocument: json(props.PolicyDocument),
        });
        count++;
      }
    }
    if (count === 0) throw new ResourceFailure('At least one of [Groups,Roles,Users] must be non-empty.');
    return {
      physicalId: p.physicalName(128).replace(/-[A-Z0-9]{12}$/, (s) => s.slice(0, 13)),
      attributes: {},
    };
  },
  async delete(p, _id, props) {
    for (const [prop, member, kind] of TARGETS) {
      for (const target of (props[prop] as string[] | undefined) ?? []) {
        await iam(p, `Delete${kind}Policy`, { [member]: target, PolicyName: props.PolicyName }).catch(
          () => undefined,
        );
      }
    }
  },
};

const managedPolicy: ResourceProvider = {
  async create(p, props) {
    const out = await iam(p, 'CreatePolicy', {
      PolicyName: props.ManagedPolicyName ?? p.physicalName(128),
      Path: props.Path,
      Description: props.Description,
      PolicyDocument: json(props.PolicyDocument),
    });
    const arn = (out.Policy as { Arn: string }).Arn;
    for (const [prop, member, kind] of TARGETS) {
      for (const target of (props[prop] as string[] | undefined) ?? []) {
        await iam(p, `Attach${kind}Policy`, { [member]: target, PolicyArn: arn });
      }
    }
    return { physicalId: arn, attributes: compact({ PolicyArn: arn }) };
  },
  async delete(p, arn, props) {
    for (const [prop, member, kind] of TARGETS) {
      for (const target of (props[prop] as string[] | undefined) ?? []) {
        await iam(p, `Detach${kind}Policy`, { [member]: target, PolicyArn: arn }).catch(() => undefined);
      }
    }
    await iam(p, 'DeletePolicy', { PolicyArn: arn });
  },
};

export const iamProviders: ProviderRegistry = {
  'AWS::IAM::Role': role,
  'AWS::IAM::InstanceProfile': instanceProfile,
  'AWS::IAM::Policy': inlinePolicy,
  'AWS::IAM::ManagedPolicy': managedPolicy,
};
