// Lab 03 as a unit: the blog's steps, the calls each makes, and what the lab creates and removes.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  GetConsoleOutputCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { ec2TagSpecifications, iamTags, LAB_TAG_KEY } from '@handson/aws';
import { defineLab, type VarRef } from '../_lib/manifest.mts';
import { CLOUD9_ROLE_NAME, CLOUD9_ROLE_POLICY_ARN, CLOUD9_TRUST_POLICY } from './cloud9-role.mts';
import {
  ANYWHERE,
  EC2_INSTANCE_ARCH,
  EC2_INSTANCE_IMAGE_NAME,
  EC2_INSTANCE_IMAGE_PATTERN,
  EC2_INSTANCE_TAG_NAME,
  EC2_INSTANCE_TYPE,
  EC2_SECURITY_GROUP_NAME,
  EC2_SECURITY_GROUP_PORT,
  EC2_SECURITY_GROUP_PROTOCOL,
  EC2_TAG_KEY,
  KEY_PAIR_NAME,
  SANDBOX_CLIENT_IP,
  SLUG,
  SSH_PORT,
  USER_DATA_NAME,
} from './lab.mts';

const LAB_TAG = `${LAB_TAG_KEY}=${SLUG}`;
const labTagFilter = { Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] };
const liveStates = { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] };
const port = Number(EC2_SECURITY_GROUP_PORT);

const keyPairByName = () =>
  new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [KEY_PAIR_NAME] }] });
const instanceState = (v: VarRef) =>
  new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [v('EC2_INSTANCE_ID')] }] });
const byNameTag = (query: string) =>
  [
    new DescribeInstancesCommand({
      Filters: [
        { Name: 'tag-key', Values: ['Name'] },
        { Name: 'tag-value', Values: [EC2_INSTANCE_TAG_NAME] },
      ],
    }),
    { query, output: 'text' },
  ] as const;
const defaultGroupRules = (v: VarRef) => [
  new DescribeSecurityGroupsCommand({ GroupNames: [EC2_SECURITY_GROUP_NAME] }),
  new DescribeSecurityGroupRulesCommand({
    Filters: [{ Name: 'group-id', Values: [v('EC2_SECURITY_GROUP_ID')] }],
  }),
];

export const LAB = defineLab({
  slug: SLUG,
  title: `EC2 user data that moves sshd to port ${SSH_PORT}`,
  blog: { post: 'JAWS-UG CLI #184R', lines: [1017, 1277], chars: 8501 },
  env: {
    HANDSON_WORK_DIR: "where the lab's files go (default .lab-work/ in the checkout)",
  },
  lessons: {
    'sshd-moved': {
      expect:
        'the user data moved sshd to port 51512: its config says so, it listens there, and 22 is closed',
      step: '07-check',
    },
  },
  steps: {
    '00-cloud9-role': {
      does:
        "The blog's step 1: an IAM role for its Cloud9 environment with AmazonEC2FullAccess, so Cloud9 can " +
        `launch the instance. Makes role ${CLOUD9_ROLE_NAME} (only ec2.amazonaws.com may assume it) with the ` +
        'policy attached, and its instance profile, both tagged; attaches them to nothing (the lab runs with ' +
        'your identity). On a real account this is an IAM change with full EC2 rights for whoever wears it: ' +
        'the confirmation names it, and the teardown removes it. Run again, what the lab made is reused; a ' +
        'role or profile of that name the lab did not make stops the step before anything changes.',
      calls: () => [
        new GetRoleCommand({ RoleName: CLOUD9_ROLE_NAME }),
        new GetInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME }),
        new CreateRoleCommand({
          RoleName: CLOUD9_ROLE_NAME,
          AssumeRolePolicyDocument: CLOUD9_TRUST_POLICY,
          Description: "The blog's Cloud9 environment role (Lab 03): EC2 may assume it",
          Tags: iamTags(SLUG),
        }),
        new ListAttachedRolePoliciesCommand({ RoleName: CLOUD9_ROLE_NAME }),
        new AttachRolePolicyCommand({ RoleName: CLOUD9_ROLE_NAME, PolicyArn: CLOUD9_ROLE_POLICY_ARN }),
        new CreateInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME, Tags: iamTags(SLUG) }),
        new AddRoleToInstanceProfileCommand({
          InstanceProfileName: CLOUD9_ROLE_NAME,
          RoleName: CLOUD9_ROLE_NAME,
        }),
      ],
      creates: [
        `IAM role ${CLOUD9_ROLE_NAME} (trusting ec2.amazonaws.com only) with AmazonEC2FullAccess attached, and ` +
          `instance profile ${CLOUD9_ROLE_NAME} holding it (both tagged ${LAB_TAG}), unless the lab made them already`,
      ],
    },
    '01-user-data': {
      does:
        "Writes the blog's user data (its heredoc, byte for byte) to a file and shows it: a bash script that " +
        `changes sshd's port from 22 to ${SSH_PORT} and restarts sshd when the instance first boots. ` +
        'Local files only; running it again writes the same file.',
      calls: () => [],
      files: [`conf-handson-cli-ec2/${USER_DATA_NAME}.bash in the lab's work directory (owner-only)`],
    },
    '02-key-pair': {
      does:
        `Creates the key pair ${KEY_PAIR_NAME} (tagged with the lab) and saves its private key to ` +
        `${KEY_PAIR_NAME}.pem, mode 0400: AWS shows a private key only once, and the lab never prints it. ` +
        'Run again, it reuses the pair and its .pem; a pair of that name the lab did not make is left alone ' +
        'and the step stops.',
      calls: () => [
        keyPairByName(),
        [
          new CreateKeyPairCommand({
            KeyName: KEY_PAIR_NAME,
            TagSpecifications: ec2TagSpecifications(SLUG, 'key-pair'),
          }),
          { query: 'KeyMaterial', output: 'text' },
        ],
        new DescribeKeyPairsCommand({ KeyNames: [KEY_PAIR_NAME] }),
      ],
      creates: [`EC2 key pair ${KEY_PAIR_NAME} (tagged ${LAB_TAG}), unless the lab made it already`],
      files: [`${KEY_PAIR_NAME}.pem in the lab's work directory (mode 0400: the private key)`],
    },
    '03-image': {
      does:
        `Looks the blog's 2021 image up by its name (${EC2_INSTANCE_IMAGE_NAME}: no longer published, so ` +
        'nothing answers), then takes the newest Amazon Linux 2023 image for the instance type instead.',
      env: {
        HANDSON_EC2_INSTANCE_TYPE: `instance type (default ${EC2_INSTANCE_TYPE}; Graviton types get an arm64 image)`,
      },
      calls: () => [
        [
          new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: [EC2_INSTANCE_IMAGE_NAME] }] }),
          { query: 'Images[].ImageId', output: 'text' },
        ],
        [
          new DescribeImagesCommand({
            Owners: ['amazon'],
            Filters: [
              { Name: 'name', Values: [EC2_INSTANCE_IMAGE_PATTERN] },
              { Name: 'architecture', Values: [EC2_INSTANCE_ARCH] },
              { Name: 'state', Values: ['available'] },
            ],
          }),
          { query: 'sort_by(Images, &CreationDate)[-1].[ImageId,Name]', output: 'text' },
        ],
      ],
    },
    '04-run-instances': {
      does:
        "Starts one instance with the blog's options: the image, the type, the Name tag, the user data file, " +
        `a public address and the key pair. Run again, it reuses the lab's instance (found by its tags, not ` +
        'terminated); an instance with that Name tag the lab did not start stops the step.',
      env: { HANDSON_EC2_INSTANCE_TYPE: `instance type (default ${EC2_INSTANCE_TYPE})` },
      needs: {
        FILE_USER_DATA: '01-user-data',
        KEY_PAIR_NAME: '02-key-pair',
        EC2_INSTANCE_IMAGE_ID: '03-image',
      },
      calls: (v) => [
        new DescribeInstancesCommand({
          Filters: [{ Name: `tag:${EC2_TAG_KEY}`, Values: [EC2_INSTANCE_TAG_NAME] }, liveStates],
        }),
        [
          new RunInstancesCommand({
            ImageId: v('EC2_INSTANCE_IMAGE_ID'),
            InstanceType: EC2_INSTANCE_TYPE as never,
            TagSpecifications: [
              {
                ResourceType: 'instance',
                Tags: [
                  { Key: EC2_TAG_KEY, Value: EC2_INSTANCE_TAG_NAME },
                  { Key: LAB_TAG_KEY, Value: SLUG },
                ],
              },
            ],
            UserData: v('FILE_USER_DATA'),
            NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
            KeyName: KEY_PAIR_NAME,
            MinCount: 1,
            MaxCount: 1,
          }),
          { files: { UserData: v('FILE_USER_DATA') } },
        ],
      ],
      creates: [
        `EC2 instance ${EC2_INSTANCE_TAG_NAME} (${EC2_INSTANCE_TYPE}, tagged ${LAB_TAG}; it costs money while ` +
          'it runs), unless the lab started it already',
      ],
    },
    '05-security-group': {
      does:
        `Allows tcp/${SSH_PORT} into the ${EC2_SECURITY_GROUP_NAME} security group, from your own address ` +
        `only (the blog opened it to ${ANYWHERE}). On AWS your public IPv4 address comes from HANDSON_MY_IP, ` +
        `or is asked on a terminal; on the sandbox the client is the documentation address ${SANDBOX_CLIENT_IP}. ` +
        'Run again, it reuses the rule it added; the same rule added by someone else stops the step.',
      env: {
        HANDSON_MY_IP: `your public IPv4 address, allowed on ${SSH_PORT} as /32 (AWS: required, or asked on a terminal)`,
        HANDSON_SSH_CIDR: `any CIDR instead; ${ANYWHERE} opens the port to everyone (printed with a warning)`,
      },
      calls: (v) => [
        ...defaultGroupRules(v),
        new AuthorizeSecurityGroupIngressCommand({
          GroupName: EC2_SECURITY_GROUP_NAME,
          IpPermissions: [
            {
              IpProtocol: EC2_SECURITY_GROUP_PROTOCOL,
              FromPort: port,
              ToPort: port,
              IpRanges: [{ CidrIp: v('EC2_SECURITY_GROUP_CIDR') }],
            },
          ],
          TagSpecifications: ec2TagSpecifications(SLUG, 'security-group-rule'),
        }),
      ],
      creates: [
        `an inbound rule tcp/${SSH_PORT} from your address in the ${EC2_SECURITY_GROUP_NAME} security group ` +
          `(tagged ${LAB_TAG}), unless the lab added it already`,
      ],
    },
    '06-public-ip': {
      does:
        'Waits until the instance is running (aws ec2 wait instance-running), then finds its public and ' +
        'private addresses by the Name tag, as the blog did.',
      needs: { EC2_INSTANCE_ID: '04-run-instances' },
      calls: (v) => [
        instanceState(v),
        byNameTag('Reservations[].Instances[].PublicIpAddress'),
        byNameTag('Reservations[].Instances[].PrivateIpAddress'),
      ],
    },
    '07-check': {
      does:
        `Checks that sshd moved: on AWS it logs in with the lab's key on port ${SSH_PORT} and runs the blog's ` +
        '`grep Port /etc/ssh/sshd_config` and `ss -at` (the `netstat -alt` of Amazon Linux 2023), and port 22 ' +
        "must not answer; on the sandbox the same grep and the blog's `netstat -alt` run on the instance's " +
        `model, and the path from the client to ${SSH_PORT} (open) and 22 (closed) is evaluated from the ` +
        'describe-* outputs and drawn (ssh-ports.svg: instance, security group, ports).',
      needs: {
        EC2_INSTANCE_ID: '04-run-instances',
        EC2_IP_PUBLIC: '06-public-ip',
        EC2_SECURITY_GROUP_CIDR: '05-security-group',
        FILE_KEY_PAIR: '02-key-pair',
      },
      calls: (v) => [
        new DescribeInstanceAttributeCommand({ InstanceId: v('EC2_INSTANCE_ID'), Attribute: 'userData' }),
        new GetConsoleOutputCommand({ InstanceId: v('EC2_INSTANCE_ID') }),
        new DescribeInstancesCommand({ InstanceIds: [v('EC2_INSTANCE_ID')] }),
        new DescribeSubnetsCommand({}),
        new DescribeRouteTablesCommand({}),
        new DescribeSecurityGroupsCommand({}),
      ],
      files: ["ssh-ports.svg (the picture, on the sandbox) in the lab's work directory"],
    },
  },
  teardown: {
    does:
      'Terminates the lab instance and waits until it is terminated, revokes the lab rule, deletes the lab key ' +
      "pair, the Cloud9 role and its instance profile, the .pem and the user data file. Finds what it removes by the lab's tag, so it is safe after a " +
      'half-finished run and safe to run again.',
    calls: (v) => [
      new DescribeInstancesCommand({ Filters: [labTagFilter, liveStates] }),
      [
        new TerminateInstancesCommand({ InstanceIds: [v('EC2_INSTANCE_ID')] }),
        { query: 'TerminatingInstances[].[InstanceId,CurrentState.Name]', output: 'text' },
      ],
      instanceState(v),
      new DescribeSecurityGroupRulesCommand({ Filters: [labTagFilter] }),
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'security-group-rule-id', Values: [v('EC2_SECURITY_GROUP_RULE_ID')] }],
      }),
      new RevokeSecurityGroupIngressCommand({
        GroupId: v('EC2_SECURITY_GROUP_ID'),
        SecurityGroupRuleIds: [v('EC2_SECURITY_GROUP_RULE_ID')],
      }),
      keyPairByName(),
      new DeleteKeyPairCommand({ KeyName: KEY_PAIR_NAME }),
      new GetInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME }),
      new GetRoleCommand({ RoleName: CLOUD9_ROLE_NAME }),
      new RemoveRoleFromInstanceProfileCommand({
        InstanceProfileName: CLOUD9_ROLE_NAME,
        RoleName: CLOUD9_ROLE_NAME,
      }),
      new DeleteInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME }),
      new ListAttachedRolePoliciesCommand({ RoleName: CLOUD9_ROLE_NAME }),
      new DetachRolePolicyCommand({ RoleName: CLOUD9_ROLE_NAME, PolicyArn: CLOUD9_ROLE_POLICY_ARN }),
      new DeleteRoleCommand({ RoleName: CLOUD9_ROLE_NAME }),
    ],
    removes: [
      `the lab's EC2 instances (tagged ${LAB_TAG}), terminated`,
      `the lab's tcp/${SSH_PORT} rule of the ${EC2_SECURITY_GROUP_NAME} security group`,
      `EC2 key pair ${KEY_PAIR_NAME} when the lab made it (a pair of yours stays)`,
      `IAM role and instance profile ${CLOUD9_ROLE_NAME} when they carry the lab's tag (policy detached first)`,
      `${KEY_PAIR_NAME}.pem, the user data file, the picture and the lab's variables`,
    ],
  },
});
