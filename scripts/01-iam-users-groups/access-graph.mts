// Lab 01's picture: the Cloud9 role and the IAM user, the group and the policies that give them their
// rights, read from IAM now, and the four calls of the access check with how AWS answered each.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ListAttachedGroupPoliciesCommand,
  type ListAttachedGroupPoliciesResponse,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesResponse,
  ListGroupsForUserCommand,
  type ListGroupsForUserResponse,
} from '@aws-sdk/client-iam';
import { clients } from '@handson/aws';
import { allPages } from '@handson/cli';
import { type BoxEdge, type BoxNode, boxDiagram } from '@handson/labkit';
import { vars, workDirOf } from './lab.mts';

/** Whether each call of the access check was allowed. */
export interface AccessAnswers {
  roleS3: boolean;
  roleEc2: boolean;
  userS3: boolean;
  userEc2: boolean;
}

export interface AccessState {
  userName: string;
  roleName: string;
  /** The user's groups, each with the names of its attached policies. */
  groups: { name: string; policies: string[] }[];
  rolePolicies: string[];
  answers: AccessAnswers;
}

const call = (allowed: boolean, who: string, refusal: string): Omit<BoxEdge, 'from' | 'to'> => ({
  label: `${who}: ${allowed ? 'allowed' : refusal}`,
  tone: allowed ? 'ok' : 'denied',
  // The role's and the user's arrows cross: labels near their start keep them apart.
  labelAt: 0.3,
});

/**
 * The graph as boxes: the two identities on the left with what grants their rights above and below them
 * (the role's policies; the user's groups and their policies), and the services they called on the right.
 */
export function accessDiagram(state: AccessState): string {
  const nodes: BoxNode[] = [
    { id: 'role', column: 0, row: 1, title: 'IAM role (Cloud9)', lines: [state.roleName] },
    { id: 'user', column: 0, row: 2, title: 'IAM user', lines: [state.userName] },
    { id: 's3', column: 2, row: 1, title: 'S3', lines: ['aws s3 ls'] },
    { id: 'ec2', column: 2, row: 2, title: 'EC2', lines: ['aws ec2 describe-instances'] },
  ];
  const edges: BoxEdge[] = [];
  state.rolePolicies.forEach((policy, i) => {
    nodes.push({ id: `role-policy-${i}`, column: i, row: 0, title: 'policy', lines: [policy] });
    edges.push({ from: 'role', to: `role-policy-${i}`, label: 'attached' });
  });
  state.groups.forEach((group, g) => {
    nodes.push({ id: `group-${g}`, column: 0, row: 3 + g, title: 'IAM group', lines: [group.name] });
    // A second group (not in the lab) would stack below the first, its arrow passing behind that box.
    edges.push({ from: 'user', to: `group-${g}`, label: 'member of' });
    group.policies.forEach((policy, p) => {
      nodes.push({
        id: `group-${g}-policy-${p}`,
        column: 1 + p,
        row: 3 + g,
        title: 'policy',
        lines: [policy],
      });
      edges.push({ from: `group-${g}`, to: `group-${g}-policy-${p}`, label: 'attached' });
    });
  });
  const { answers } = state;
  edges.push(
    { from: 'role', to: 's3', ...call(answers.roleS3, 'role', 'AccessDenied') },
    { from: 'role', to: 'ec2', ...call(answers.roleEc2, 'role', 'UnauthorizedOperation') },
    { from: 'user', to: 's3', ...call(answers.userS3, 'user', 'AccessDenied') },
    { from: 'user', to: 'ec2', ...call(answers.userEc2, 'user', 'UnauthorizedOperation') },
  );
  return boxDiagram({ title: 'Lab 01: who may call what', nodes, edges, boxWidth: 230, gapX: 200 });
}

/** Reads the identities' groups and policies from IAM, draws the picture and writes it to the lab's files. */
export async function drawAccessGraph(options: {
  userName: string;
  roleName: string;
  answers: AccessAnswers;
}): Promise<string> {
  const { iam } = clients();
  const names = (list: { PolicyName?: string }[] = []) => list.map((p) => p.PolicyName ?? '?');
  const role = await allPages<ListAttachedRolePoliciesResponse>(
    iam,
    new ListAttachedRolePoliciesCommand({ RoleName: options.roleName }),
  );
  const mine = await allPages<ListGroupsForUserResponse>(
    iam,
    new ListGroupsForUserCommand({ UserName: options.userName }),
  );
  const groups = [];
  for (const group of mine.Groups ?? []) {
    const attached = await allPages<ListAttachedGroupPoliciesResponse>(
      iam,
      new ListAttachedGroupPoliciesCommand({ GroupName: group.GroupName! }),
    );
    groups.push({ name: group.GroupName!, policies: names(attached.AttachedPolicies) });
  }
  const svg = accessDiagram({ ...options, rolePolicies: names(role.AttachedPolicies), groups });
  const file = join(workDirOf(), 'iam-access.svg');
  writeFileSync(file, svg);
  vars.set('FILE_DIAGRAM', file);
  console.log(`図: ${file}`);
  return svg;
}
