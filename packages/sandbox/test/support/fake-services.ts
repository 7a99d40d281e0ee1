import { AwsError, type ServiceDefinition } from '../../src/index.js';
import { serviceInfo } from '../../src/services/index.js';

export const fakeIam: ServiceDefinition = {
  ...serviceInfo('iam'),
  operations: {
    GetUser(ctx, input) {
      if (input.UserName === 'missing') {
        throw new AwsError('NoSuchEntity', `The user with name ${input.UserName} cannot be found.`, {
          status: 404,
        });
      }
      return {
        User: {
          Path: '/',
          UserName: input.UserName ?? 'root',
          UserId: 'AIDAEXAMPLEEXAMPLE01',
          Arn: `arn:aws:iam::${ctx.accountId}:user/${input.UserName ?? 'root'}`,
          CreateDate: new Date('2021-05-16T09:21:41Z'),
          Tags: [{ Key: 'handson:lab', Value: '01-iam' }],
        },
      };
    },
    CreateUser(ctx, input) {
      return {
        User: {
          Path: input.Path ?? '/',
          UserName: input.UserName,
          UserId: 'AIDAEXAMPLEEXAMPLE02',
          Arn: `arn:aws:iam::${ctx.accountId}:user/${input.UserName}`,
          CreateDate: new Date(Math.floor(ctx.now().getTime() / 1000) * 1000),
          Tags: input.Tags,
        },
      };
    },
    ListUsers(_ctx, input) {
      return {
        Users: [],
        IsTruncated: input.MaxItems !== 1000,
        Marker: input.MaxItems === undefined ? undefined : `max=${input.MaxItems}`,
      };
    },
    DeleteUser() {
      return {};
    },
  },
};

export const fakeEc2: ServiceDefinition = {
  ...serviceInfo('ec2'),
  operations: {
    DescribeVpcs(ctx, input) {
      if (input.VpcIds?.includes('vpc-missing')) {
        throw new AwsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-missing' does not exist");
      }
      const filters = (input.Filters ?? []) as { Name: string; Values: string[] }[];
      return {
        Vpcs: [
          {
            VpcId: 'vpc-0123456789abcdef0',
            CidrBlock: '10.0.0.0/16',
            State: 'available',
            OwnerId: ctx.accountId,
            IsDefault: filters.length === 0,
            InstanceTenancy: 'default',
            Tags: filters.map((f) => ({ Key: f.Name, Value: f.Values.join(',') })),
          },
        ],
      };
    },
    DescribeInstances() {
      return { Reservations: [] };
    },
  },
};
