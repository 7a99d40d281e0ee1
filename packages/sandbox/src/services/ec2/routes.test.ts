import { describe, expect, it } from 'vitest';
import { ec2Harness } from './__fixtures__/context';

describe('route tables and peering', () => {
  async function twoVpcs() {
    const ec2 = ec2Harness();
    const a = (await ec2.call('CreateVpc', { CidrBlock: '10.100.0.0/16' })).Vpc.VpcId as string;
    const b = (await ec2.call('CreateVpc', { CidrBlock: '10.200.0.0/16' })).Vpc.VpcId as string;
    return { ec2, a, b };
  }

  it('creates, accepts, rejects and deletes peerings with AWS status codes and messages', async () => {
    const { ec2, a, b } = await twoVpcs();
    const created = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: b }))
      .VpcPeeringConnection;
    expect(created.Status).toEqual({
      Code: 'initiating-request',
      Message: 'Initiating Request to 123456789012',
    });
    const id = created.VpcPeeringConnectionId;
    const describe = async () =>
      (await ec2.call('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [id] }))
        .VpcPeeringConnections[0];
    expect((await describe()).Status).toEqual({
      Code: 'pending-acceptance',
      Message: 'Pending Acceptance by 123456789012',
    });
    expect((await describe()).AccepterVpcInfo.CidrBlock).toBeUndefined();
    const accepted = (await ec2.call('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id }))
      .VpcPeeringConnection;
    expect(accepted.Status).toEqual({ Code: 'active', Message: 'Active' });
    expect(accepted.AccepterVpcInfo).toMatchObject({
      CidrBlock: '10.200.0.0/16',
      OwnerId: '123456789012',
      Region: 'ap-northeast-1',
      VpcId: b,
    });
    expect(accepted.RequesterVpcInfo).toMatchObject({ CidrBlock: '10.100.0.0/16', VpcId: a });
    const active = (
      await ec2.call('DescribeVpcPeeringConnections', {
        Filters: [{ Name: 'status-code', Values: ['active'] }],
      })
    ).VpcPeeringConnections;
    expect(active.map((p: { VpcPeeringConnectionId: string }) => p.VpcPeeringConnectionId)).toEqual([id]);
    expect(await ec2.error('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id })).toEqual({
      code: 'InvalidStateTransition',
      message: `Invalid state transition for ${id}, attempted to transition from active to active`,
    });
    await ec2.call('DeleteVpcPeeringConnection', { VpcPeeringConnectionId: id });
    expect((await describe()).Status).toEqual({ Code: 'deleted', Message: 'Deleted by 123456789012' });
    ec2.advance(3 * 3600_000);
    expect((await ec2.error('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [id] })).code).toBe(
      'InvalidVpcPeeringConnectionID.NotFound',
    );

    const again = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: b }))
      .VpcPeeringConnection.VpcPeeringConnectionId;
    await ec2.call('RejectVpcPeeringConnection', { VpcPeeringConnectionId: again });
    expect(
      (await ec2.call('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [again] }))
        .VpcPeeringConnections[0].Status,
    ).toEqual({
      Code: 'rejected',
      Message: 'Rejected by 123456789012',
    });
  });

  it('fails a peering between overlapping VPCs', async () => {
    const { ec2, a } = await twoVpcs();
    const c = (await ec2.call('CreateVpc', { CidrBlock: '10.100.0.0/20' })).Vpc.VpcId;
    const id = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: c })).VpcPeeringConnection
      .VpcPeeringConnectionId;
    const pcx = (await ec2.call('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [id] }))
      .VpcPeeringConnections[0];
    expect(pcx.Status).toEqual({ Code: 'failed', Message: 'Overlapping CIDRs' });
    expect((await ec2.error('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id })).code).toBe(
      'InvalidStateTransition',
    );
  });

  it('checks route targets, refuses duplicates and local changes, and lists routes most specific first', async () => {
    const { ec2, a, b } = await twoVpcs();
    const rtb = (await ec2.call('CreateRouteTable', { VpcId: a })).RouteTable.RouteTableId;
    const igw = (await ec2.call('CreateInternetGateway')).InternetGateway.InternetGatewayId;
    expect(
      await ec2.error('CreateRoute', {
        RouteTableId: rtb,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: 'igw-0123456789abcdef0',
      }),
    ).toEqual({
      code: 'InvalidGatewayID.NotFound',
      message: "The gateway ID 'igw-0123456789abcdef0' does not exist",
    });
    expect(
      (
        await ec2.error('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: igw,
        })
      ).message,
    ).toContain('belong to different networks');
    await ec2.call('AttachInternetGateway', { InternetGatewayId: igw, VpcId: a });
    expect(
      (
        await ec2.call('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: igw,
        })
      ).Return,
    ).toBe(true);
    expect(
      await ec2.error('CreateRoute', {
        RouteTableId: rtb,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw,
      }),
    ).toEqual({
      code: 'RouteAlreadyExists',
      message: 'The route identified by 0.0.0.0/0 already exists.',
    });
    expect(
      (
        await ec2.error('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '10.200.0.0/24',
          VpcPeeringConnectionId: 'pcx-0123456789abcdef0',
        })
      ).code,
    ).toBe('InvalidVpcPeeringConnectionID.NotFound');
    expect(
      (
        await ec2.error('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '10.9.0.0/24',
          NatGatewayId: 'nat-0123456789abcdef0',
        })
      ).code,
    ).toBe('InvalidNatGatewayID.NotFound');
    const pcx = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: b }))
      .VpcPeeringConnection.VpcPeeringConnectionId;
    await ec2.call('CreateRoute', {
      RouteTableId: rtb,
      DestinationCidrBlock: '10.200.0.0/24',
      VpcPeeringConnectionId: pcx,
    });
    const routes = async () =>
      (await ec2.call('DescribeRouteTables', { RouteTableIds: [rtb] })).RouteTables[0].Routes.map(
        (r: { DestinationCidrBlock: string; State: string; Origin: string }) =>
          `${r.DestinationCidrBlock} ${r.State} ${r.Origin}`,
      );
    expect(await routes()).toEqual([
      '10.200.0.0/24 blackhole CreateRoute',
      '10.100.0.0/16 active CreateRouteTable',
      '0.0.0.0/0 active CreateRoute',
    ]);
    await ec2.call('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: pcx });
    expect((await routes())[0]).toBe('10.200.0.0/24 active CreateRoute');
    expect(
      await ec2.error('DeleteRoute', { RouteTableId: rtb, DestinationCidrBlock: '10.50.0.0/16' }),
    ).toEqual({
      code: 'InvalidRoute.NotFound',
      message: `no route with destination-cidr-block 10.50.0.0/16 in route table ${rtb}`,
    });
    expect(
      (
        await ec2.error('ReplaceRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '10.50.0.0/16',
          GatewayId: igw,
        })
      ).code,
    ).toBe('InvalidRoute.NotFound');
    expect(
      (await ec2.error('DeleteRoute', { RouteTableId: rtb, DestinationCidrBlock: '10.100.0.0/16' })).message,
    ).toContain('cannot remove local route');
    await ec2.call('ReplaceRoute', {
      RouteTableId: rtb,
      DestinationCidrBlock: '10.200.0.0/24',
      GatewayId: igw,
    });
    await ec2.call('DeleteRoute', { RouteTableId: rtb, DestinationCidrBlock: '10.200.0.0/24' });
    expect(await routes()).toHaveLength(2);
  });

  it('associates subnets, keeps one main table per VPC and refuses to delete tables in use', async () => {
    const { ec2, a, b } = await twoVpcs();
    const subnet = (await ec2.call('CreateSubnet', { VpcId: a, CidrBlock: '10.100.0.0/24' })).Subnet.SubnetId;
    const rtb = (await ec2.call('CreateRouteTable', { VpcId: a })).RouteTable.RouteTableId;
    const other = (await ec2.call('CreateRouteTable', { VpcId: b })).RouteTable.RouteTableId;
    expect(
      (await ec2.error('AssociateRouteTable', { RouteTableId: other, SubnetId: subnet })).message,
    ).toContain('belong to different networks');
    const assoc = await ec2.call('AssociateRouteTable', { RouteTableId: rtb, SubnetId: subnet });
    expect(assoc).toMatchObject({ AssociationState: { State: 'associated' } });
    expect((await ec2.error('AssociateRouteTable', { RouteTableId: rtb, SubnetId: subnet })).code).toBe(
      'Resource.AlreadyAssociated',
    );
    const views = (await ec2.call('DescribeRouteTables', { Filters: [{ Name: 'vpc-id', Values: [a] }] }))
      .RouteTables;
    const associations = views.flatMap((t: { Associations: unknown[] }) => t.Associations);
    expect(associations).toContainEqual({
      Main: true,
      RouteTableAssociationId: expect.stringMatching(/^rtbassoc-/),
      RouteTableId: expect.any(String),
      AssociationState: { State: 'associated' },
    });
    expect(associations).toContainEqual({
      Main: false,
      RouteTableAssociationId: assoc.AssociationId,
      RouteTableId: rtb,
      SubnetId: subnet,
      AssociationState: { State: 'associated' },
    });
    const main = associations.find((x: { Main: boolean }) => x.Main);
    expect(
      (await ec2.error('DisassociateRouteTable', { AssociationId: main.RouteTableAssociationId })).code,
    ).toBe('InvalidParameterValue');
    expect((await ec2.error('DeleteRouteTable', { RouteTableId: rtb })).code).toBe('DependencyViolation');
    expect((await ec2.error('DeleteRouteTable', { RouteTableId: main.RouteTableId })).code).toBe(
      'DependencyViolation',
    );
    await ec2.call('DisassociateRouteTable', { AssociationId: assoc.AssociationId });
    await ec2.call('DeleteRouteTable', { RouteTableId: rtb });
  });
});
