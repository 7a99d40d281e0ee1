import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeKeyPairsCommand,
  type DescribeKeyPairsCommandOutput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  DescribeVpcsCommand,
  type DescribeVpcsCommandOutput,
  EC2Client,
  TerminateInstancesCommand,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import { clientIn } from '../clients.js';
import { type KindOps, list } from './kind.js';

/* EC2 resources, found by EC2's own tag filters, region by region. */

export const instance: KindOps = {
  list: async (c, Filters) =>
    (
      (
        await list<DescribeInstancesCommandOutput>(
          c.ec2,
          new DescribeInstancesCommand({
            Filters: [
              ...Filters,
              { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
            ],
          }),
        )
      ).Reservations ?? []
    )
      .flatMap((r) => r.Instances ?? [])
      .map((i) => ({ id: i.InstanceId!, tags: i.Tags })),
  remove: async (c, id) => {
    await c.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    // Security groups and VPCs cannot go while the instance still exists.
    await waitUntilInstanceTerminated(
      { client: clientIn(c, EC2Client), maxWaitTime: 600 },
      { InstanceIds: [id] },
    );
  },
};

export const keyPair: KindOps = {
  list: async (c, Filters) =>
    (
      (await list<DescribeKeyPairsCommandOutput>(c.ec2, new DescribeKeyPairsCommand({ Filters }))).KeyPairs ??
      []
    ).map((key) => ({ id: key.KeyName!, tags: key.Tags })),
  remove: async (c, id) => {
    await c.ec2.send(new DeleteKeyPairCommand({ KeyName: id }));
  },
};

export const securityGroup: KindOps = {
  list: async (c, Filters) =>
    (
      (await list<DescribeSecurityGroupsCommandOutput>(c.ec2, new DescribeSecurityGroupsCommand({ Filters })))
        .SecurityGroups ?? []
    )
      .filter((group) => group.GroupName !== 'default')
      .map((group) => ({ id: group.GroupId!, tags: group.Tags })),
  remove: async (c, id) => {
    await c.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
  },
};

export const vpc: KindOps = {
  list: async (c, Filters) =>
    ((await list<DescribeVpcsCommandOutput>(c.ec2, new DescribeVpcsCommand({ Filters }))).Vpcs ?? []).map(
      (v) => ({ id: v.VpcId!, tags: v.Tags }),
    ),
  remove: async (c, id) => {
    await c.ec2.send(new DeleteVpcCommand({ VpcId: id }));
  },
};
