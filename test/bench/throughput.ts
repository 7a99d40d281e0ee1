import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListPoliciesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { rssMiB } from './processes';
import { quantile } from './stats';

export interface ThroughputResult {
  endpoint: string;
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  rssMiB?: number;
}

/**
 * The labs' call mix (SQS send/receive/delete, EC2 describes, IAM lists) from a fixed number of concurrent SDK
 * clients for a fixed time, against one endpoint. Bounded in time; loopback only.
 */
export async function throughput(
  endpoint: string,
  clients: number,
  seconds: number,
  pid?: number,
): Promise<ThroughputResult> {
  const config = {
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  const sqs = new SQSClient(config);
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  const QueueUrl = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-queue' })).then(
    (r) => r.QueueUrl,
    (error: unknown) => {
      throw new Error(`cannot create the benchmark's SQS queue on ${endpoint}: ${String(error)}`);
    },
  );
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const timedCall = async (call: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    try {
      return await call();
    } catch {
      errors++;
      return undefined;
    } finally {
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  const worker = async (n: number) => {
    let i = 0;
    while (Date.now() < deadline) {
      i++;
      await timedCall(() =>
        sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `worker ${n} message ${i}` })),
      );
      const got = (await timedCall(() =>
        sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 })),
      )) as { Messages?: Array<{ ReceiptHandle?: string }> } | undefined;
      const handle = got?.Messages?.[0]?.ReceiptHandle;
      if (handle)
        await timedCall(() => sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handle })));
      await timedCall(() => ec2.send(new DescribeVpcsCommand({})));
      await timedCall(() => ec2.send(new DescribeInstancesCommand({})));
      await timedCall(() => iam.send(new ListUsersCommand({})));
      if (i % 5 === 0)
        await timedCall(() => iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 100 })));
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: clients }, (_, n) => worker(n)));
  const elapsed = (Date.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  await sqs.send(new DeleteQueueCommand({ QueueUrl })).catch(() => undefined);
  for (const c of [sqs, ec2, iam]) c.destroy();
  return {
    endpoint,
    clients,
    seconds: elapsed,
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    rssMiB: pid === undefined ? undefined : rssMiB(pid),
  };
}
