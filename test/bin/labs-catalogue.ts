/** The labs of the blog, in the order a learner meets them. Slugs are shared by notebook, scripts and tests. */
export interface LabEntry {
  slug: string;
  title: string;
}

export const LABS: readonly LabEntry[] = [
  { slug: '01-iam-users-groups', title: 'IAM users, groups and access keys' },
  { slug: '02-iam-credentials-file', title: 'The credentials-file pipeline' },
  { slug: '03-ec2-userdata-ssh-port', title: 'EC2 user data that moves sshd to port 51512' },
  { slug: '04-sqs-standard-queue-order', title: 'SQS standard queues do not keep order' },
  { slug: '05-vpc-peering-cloudformation', title: 'VPC peering with CloudFormation' },
  { slug: '06-access-key-exposure-drill', title: 'An exposed access key drill' },
];
