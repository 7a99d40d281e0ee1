import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * The server benchmark's client mix, one round of it against one endpoint: per loop SQS SendMessage,
 * ReceiveMessage and DeleteMessage, IAM ListUsers (20 a page) and GetUser, EC2 DescribeInstances (5 a page),
 * from N concurrent workers. Pages are bounded so an endpoint holding 100,000 resources answers the same
 * amount of data as an empty one: what grows with state is then the server's own cost.
 */

export const BENCH_QUEUE = 'bench-queue';
/** The operations one loop of the mix calls. */
export const MIX_OPERATIONS = [
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ListUsers',
  'GetUser',
  'DescribeInstances',
];
export const BENCH_USERS = 20;
export const benchUser = (n: number) => `bench-user-${n}`;

export interface MixClients {
  sqs: SQSClient;
  iam: IAMClient;
  ec2: EC2Client;
  queueUrl: string;
  destroy(): void;
}

export interface MixRound {
  requests: number;
  errors: number;
  /** The first error's text, to tell a broken endpoint from a slow one. */
  firstError?: string;
  ms: number;
}

export function mixClients(endpoint: string): Omit<MixClients, 'queueUrl'> {
  const config = {
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  // The floor's canned answers carry one fixed body: the SDK's MD5 check of it is switched off for every
  // endpoint alike, so the client's work per call is the same against each.
  const sqs = new SQSClient({ ...config, md5: false });
  const iam = new IAMClient(config);
  const ec2 = new EC2Client(config);
  return {
    sqs,
    iam,
    ec2,
    destroy: () => {
      for (const c of [sqs, iam, ec2]) c.destroy();
    },
  };
}

/**
 * What every loop needs on the endpoint: the queue, BENCH_USERS users and a few instances. Idempotent enough
 * for a sandbox started from a filled state (the users and the queue are already there).
 */
export async function prepareEndpoint(endpoint: string): Promise<MixClients> {
  const c = mixClients(endpoint);
  const { QueueUrl } = await c.sqs.send(new CreateQueueCommand({ QueueName: BENCH_QUEUE }));
  for (let n = 0; n < BENCH_USERS; n++) {
    await c.iam.send(new CreateUserCommand({ UserName: benchUser(n) })).catch((error: Error) => {
      if (error.name !== 'EntityAlreadyExistsException' && error.name !== 'EntityAlreadyExists') throw error;
    });
  }
  const existing = await c.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
  if ((existing.Reservations ?? []).length === 0) {
    await c.ec2.send(
      new RunInstancesCommand({
        ImageId: await amazonLinuxImage(c.ec2),
        InstanceType: 't3.micro',
        MinCount: 5,
        MaxCount: 5,
      }),
    );
  }
  return { ...c, queueUrl: QueueUrl! };
}

/** An Amazon Linux x86_64 image the endpoint knows (moto and the sandbox each have their own catalogue). */
export async function amazonLinuxImage(ec2: EC2Client): Promise<string> {
  const { Images = [] } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  const x86 = Images.filter((i) => i.Architecture === 'x86_64' && i.ImageId);
  const al2023 = x86.filter((i) => i.Name?.startsWith('al2023-ami-2023'));
  const pick = (al2023.length > 0 ? al2023 : x86).sort((a, b) =>
    (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''),
  )[0];
  if (!pick?.ImageId) throw new Error('the endpoint lists no Amazon Linux x86_64 image');
  return pick.ImageId;
}

/** Runs the mix from `workers` concurrent loops for `ms` milliseconds (each loop finishes its round). */
export async function runMix(c: MixClients, workers: number, ms: number): Promise<MixRound> {
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + ms;
  // Past the deadline no new call starts, so a slow server's round ends one call per worker late at most.
  const call = async <T>(send: () => Promise<T>): Promise<T | undefined> => {
    if (performance.now() >= deadline) return undefined;
    try {
      const out = await send();
      requests++;
      return out;
    } catch (error) {
      errors++;
      firstError ??= `${(error as Error).name}: ${(error as Error).message}`.slice(0, 200);
      return undefined;
    }
  };
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const QueueUrl = c.queueUrl;
      await call(() =>
        c.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `worker ${w} message ${i}` })),
      );
      const got = await call(() =>
        c.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 })),
      );
      const handle = got?.Messages?.[0]?.ReceiptHandle;
      if (handle) await call(() => c.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handle })));
      await call(() => c.iam.send(new ListUsersCommand({ MaxItems: BENCH_USERS })));
      await call(() => c.iam.send(new GetUserCommand({ UserName: benchUser((w + i) % BENCH_USERS) })));
      await call(() => c.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 })));
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { requests, errors, firstError, ms: performance.now() - started };
}
