import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoginProfileCommand, CreateUserCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCliCommand } from './index';

describe('toCliCommand', () => {
  it('writes the blog’s create-user as the blog does', () => {
    const cmd = toCliCommand(new CreateUserCommand({ UserName: 'handson-cli-novice-user' }));
    expect(cmd.multiline()).toBe('aws iam create-user \\\n  --user-name handson-cli-novice-user');
  });

  it('attaches a value that starts with a dash to its option, so the CLI does not take it for one', () => {
    const login = toCliCommand(new CreateLoginProfileCommand({ UserName: 'u', Password: '-6RcH@pJ' }), {
      reveal: true,
    });
    expect(login.oneLine()).toBe('aws iam create-login-profile --user-name u --password=-6RcH@pJ');
    // Exactly "--" is "end of options" to the CLI's parser, in any quoting: only the whole input as JSON works.
    const dashes = toCliCommand(new CreateLoginProfileCommand({ UserName: '--', Password: 'pw' }));
    expect(dashes.oneLine()).toBe(
      'aws iam create-login-profile --cli-input-json \'{"UserName":"--","Password":"****"}\'',
    );
  });

  it('uses shorthand for tag specifications and file:// for user data', () => {
    const cmd = toCliCommand(
      new RunInstancesCommand({
        ImageId: 'ami-0123',
        InstanceType: 't2.micro',
        MinCount: 1,
        MaxCount: 1,
        KeyName: 'SampleKeyPair',
        UserData: 'IyEvYmluL2Jhc2g=',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'handson-cli-ec2' }] }],
      }),
      { files: { UserData: 'userdata.txt' } },
    );
    expect(cmd.oneLine()).toBe(
      "aws ec2 run-instances --image-id ami-0123 --instance-type t2.micro --key-name SampleKeyPair --user-data file://userdata.txt --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=handson-cli-ec2}]'",
    );
  });

  it('prints the single public-address interface as --associate-public-ip-address, other shapes in full', () => {
    const line = (NetworkInterfaces: unknown) =>
      toCliCommand(
        new RunInstancesCommand({
          ImageId: 'ami-0123',
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: NetworkInterfaces as never,
          KeyName: 'SampleKeyPair',
        }),
      ).oneLine();
    expect(line([{ DeviceIndex: 0, AssociatePublicIpAddress: true }])).toBe(
      'aws ec2 run-instances --image-id ami-0123 --associate-public-ip-address --key-name SampleKeyPair',
    );
    expect(line([{ DeviceIndex: 0, AssociatePublicIpAddress: false }])).toContain(
      ' --no-associate-public-ip-address ',
    );
    expect(line([{ DeviceIndex: 0, AssociatePublicIpAddress: true, SubnetId: 'subnet-1' }])).toContain(
      ' --network-interfaces DeviceIndex=0,AssociatePublicIpAddress=true,SubnetId=subnet-1 ',
    );
  });

  it('prints a single tcp rule for one CIDR as --protocol --port --cidr, anything more in full', () => {
    const line = (IpPermissions: unknown) =>
      toCliCommand(
        new AuthorizeSecurityGroupIngressCommand({
          GroupName: 'default',
          IpPermissions: IpPermissions as never,
        }),
      ).oneLine();
    expect(
      line([{ IpProtocol: 'tcp', FromPort: 51512, ToPort: 51512, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]),
    ).toBe(
      'aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 51512 --cidr 0.0.0.0/0',
    );
    expect(
      line([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 23, IpRanges: [{ CidrIp: '192.0.2.10/32' }] }]),
    ).toContain('--port 22-23 --cidr 192.0.2.10/32');
    expect(
      line([
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '192.0.2.10/32', Description: 'me' }],
        },
      ]),
    ).toContain('--ip-permissions');
  });

  it('writes filters as the blog does and keeps --query and --output', () => {
    const cmd = toCliCommand(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag-value', Values: ['handson-vpc*'] }] }),
      {
        query: 'Vpcs[].[CidrBlock,Tags[0].Value]',
        output: 'text',
      },
    );
    expect(cmd.multiline()).toBe(
      "aws ec2 describe-vpcs \\\n  --filters 'Name=tag-value,Values=handson-vpc*' \\\n  --query 'Vpcs[].[CidrBlock,Tags[0].Value]' \\\n  --output text",
    );
  });

  it('falls back to JSON when a value cannot be written in shorthand', () => {
    const cmd = toCliCommand(
      new AuthorizeSecurityGroupIngressCommand({
        GroupName: 'default',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 51512,
            ToPort: 51512,
            IpRanges: [{ CidrIp: '203.0.113.10/32', Description: 'my home, port 51512' }],
          },
        ],
      }),
    );
    expect(cmd.groups[2]).toEqual([
      '--ip-permissions',
      '[{"IpProtocol":"tcp","FromPort":51512,"ToPort":51512,"IpRanges":[{"CidrIp":"203.0.113.10/32","Description":"my home, port 51512"}]}]',
    ]);
  });

  it('masks sensitive members unless asked', () => {
    const input = { UserName: 'u', Password: '#userPass123' };
    expect(toCliCommand(new CreateLoginProfileCommand(input)).oneLine()).toBe(
      "aws iam create-login-profile --user-name u --password '****'",
    );
    expect(toCliCommand(new CreateLoginProfileCommand(input), { reveal: true }).oneLine()).toBe(
      "aws iam create-login-profile --user-name u --password '#userPass123'",
    );
  });

  it('writes maps in shorthand and Japanese bodies quoted', () => {
    expect(
      toCliCommand(
        new SetQueueAttributesCommand({
          QueueUrl: 'http://127.0.0.1:4580/123456789012/q',
          Attributes: { VisibilityTimeout: '120' },
        }),
      ).oneLine(),
    ).toBe(
      'aws sqs set-queue-attributes --queue-url http://127.0.0.1:4580/123456789012/q --attributes VisibilityTimeout=120',
    );
    expect(
      toCliCommand(
        new SendMessageCommand({
          QueueUrl: 'u',
          MessageBody: '1回目のメッセージ送信です。今は10:00:00です。',
        }),
      ).groups[2],
    ).toEqual(['--message-body', '1回目のメッセージ送信です。今は10:00:00です。']);
  });

  it('uses the CLI’s own paginated --max-items and aws s3 ls', () => {
    expect(toCliCommand(new ListPoliciesCommand({ Scope: 'AWS' }), { maxItems: 1000 }).oneLine()).toBe(
      'aws iam list-policies --scope AWS --max-items 1000',
    );
    expect(toCliCommand(new ListBucketsCommand({})).oneLine()).toBe('aws s3 ls');
    expect(toCliCommand(new ListBucketsCommand({}), { output: 'json' }).oneLine()).toBe(
      'aws s3api list-buckets --output json',
    );
  });

  it('prints what the command line it renders prints: aws s3 ls its own lines, s3api the JSON', () => {
    const created = new Date(2021, 6, 2, 13, 8, 20);
    const output = { Buckets: [{ Name: 'handson-bucket', CreationDate: created }], Owner: { ID: 'o' } };
    const ls = toCliCommand(new ListBucketsCommand({}));
    expect(ls.botocoreService).toBe('s3');
    expect(ls.formatOutput(output)).toBe('2021-07-02 13:08:20 handson-bucket\n');
    const api = toCliCommand(new ListBucketsCommand({}), { query: 'Buckets[].Name', output: 'text' });
    expect(api.service).toBe('s3api');
    expect(api.formatOutput(output)).toBe('handson-bucket\n');
  });

  it('says what to pass when the object is not an SDK command', () => {
    expect(() => toCliCommand({ input: {} })).toThrow(/pass an AWS SDK v3 command object/);
  });
});

describe('S3 object bodies', () => {
  it('names a streaming body by its path and a streaming answer by its output file, as s3api takes them', () => {
    const put = toCliCommand(new PutObjectCommand({ Bucket: 'b', Key: 'k.csv', Body: 'x' }), {
      files: { Body: 'k.csv' },
    });
    expect(put.oneLine()).toBe('aws s3api put-object --bucket b --key k.csv --body k.csv');
    const get = toCliCommand(new GetObjectCommand({ Bucket: 'b', Key: 'k.csv' }), {
      query: 'ContentLength',
      outfile: 'out.csv',
    });
    expect(get.oneLine()).toBe('aws s3api get-object --bucket b --key k.csv --query ContentLength out.csv');
  });
});

describe('shellQuote', () => {
  it('keeps the forms a person types, and never double quotes around a "!"', () => {
    expect(shellQuote('handson-cli-novice-user')).toBe('handson-cli-novice-user');
    expect(shellQuote('Policies[?PolicyName==`AmazonS3FullAccess`].Arn')).toBe(
      "'Policies[?PolicyName==`AmazonS3FullAccess`].Arn'",
    );
    expect(shellQuote("Reservations[?State=='running']")).toBe('"Reservations[?State==\'running\']"');
    // An interactive bash expands "!" inside double quotes (event not found).
    expect(shellQuote("it's!")).toBe("'it'\\''s!'");
  });
});
