import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClock } from '../../packages/sandbox/src/core/clock.ts';
import { Dispatcher } from '../../packages/sandbox/src/core/dispatch.ts';
import { SeededRng } from '../../packages/sandbox/src/core/rng.ts';
import { StateStore } from '../../packages/sandbox/src/core/state.ts';
import { DEFAULT_REGION } from '../../packages/sandbox/src/core/types.ts';
import { rootPrincipal } from '../../packages/sandbox/src/identity/authenticate.ts';
import { serviceDefinitions } from '../../packages/sandbox/src/services/index.ts';

/**
 * A data dir holding `total` resources for the server benchmark's "full" sandbox, made by the sandbox's own
 * handlers (so it is exactly the state those operations leave) in this process, saved once at the end
 * rather than after every operation: 40% IAM users, 15% SQS queues with a message in each (30%), 10%
 * messages waiting in the benchmark's queue, 20% EC2 instances.
 */
export interface FilledState {
  dataDir: string;
  counts: Record<string, number>;
  ms: number;
}

/**
 * Saves nothing while filling (one journal line and fsync per call would take minutes); the whole state is
 * then written once as a snapshot, which is what a sandbox loads at start.
 */
class SaveAtEnd extends StateStore {
  filling = true;
  override save(extras?: Parameters<StateStore['save']>[0]): void {
    if (!this.filling) super.save(extras);
  }
}

export async function fillState(total: number, benchQueue: string): Promise<FilledState> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-bench-full-'));
  const state = new SaveAtEnd(dataDir);
  state.load();
  const rng = new SeededRng('bench');
  const dispatcher = new Dispatcher(
    new Map(serviceDefinitions.map((s) => [s.name, s])),
    state,
    new SandboxClock(),
    rng,
    'bench',
  );
  const endpoint = new URL('http://127.0.0.1:4580');
  const principal = rootPrincipal('test');
  const call = (service: string, operation: string, input: Record<string, unknown>) =>
    dispatcher.invoke({
      service,
      operation,
      input,
      principal,
      region: DEFAULT_REGION,
      endpoint,
      requestId: dispatcher.nextRequestId(),
    }) as Promise<Out>;

  const users = Math.round(total * 0.4);
  const queues = Math.round(total * 0.15);
  const backlog = Math.round(total * 0.1);
  const instances = total - users - queues * 2 - backlog;
  for (let n = 0; n < users; n++) await call('iam', 'CreateUser', { UserName: `fill-user-${n}` });
  for (let n = 0; n < queues; n++) {
    const { QueueUrl } = await call('sqs', 'CreateQueue', { QueueName: `fill-queue-${n}` });
    await call('sqs', 'SendMessage', { QueueUrl, MessageBody: `message in queue ${n}` });
  }
  const { QueueUrl } = await call('sqs', 'CreateQueue', { QueueName: benchQueue });
  for (let n = 0; n < backlog; n += 10) {
    const Entries = Array.from({ length: Math.min(10, backlog - n) }, (_, k) => ({
      Id: `m${k}`,
      MessageBody: `backlog message ${n + k}`,
    }));
    await call('sqs', 'SendMessageBatch', { QueueUrl, Entries });
  }
  await fillInstances(call, instances);
  state.filling = false;
  state.compact({ rngState: rng.getState() });
  return {
    dataDir,
    counts: { users, queues, messages: queues + backlog, instances },
    ms: performance.now() - started,
  };
}

/** The members of the handlers' outputs that filling reads. */
interface Out {
  QueueUrl: string;
  Images: Array<{ ImageId: string; Name?: string; Architecture: string }>;
  Vpc: { VpcId: string };
  Subnet: { SubnetId: string };
}

type Call = (service: string, operation: string, input: Record<string, unknown>) => Promise<Out>;

/**
 * Instances in /18 subnets of VPCs of their own, 5,000 to a subnet (a third full, so the sandbox's random
 * address draw mostly hits a free one; the default subnets hold 4,091 addresses each).
 */
async function fillInstances(call: Call, count: number): Promise<void> {
  const { Images } = await call('ec2', 'DescribeImages', { Owners: ['amazon'] });
  const image = Images.find((i) => i.Architecture === 'x86_64' && i.Name?.startsWith('al2023-ami-2023'));
  if (!image) throw new Error('the sandbox lists no Amazon Linux 2023 x86_64 image');
  const perSubnet = 5_000;
  let vpcId = '';
  for (let made = 0, subnet = 0; made < count; subnet++) {
    if (subnet % 4 === 0) {
      const { Vpc } = await call('ec2', 'CreateVpc', { CidrBlock: `10.${subnet / 4}.0.0/16` });
      vpcId = Vpc.VpcId;
    }
    const { Subnet } = await call('ec2', 'CreateSubnet', {
      VpcId: vpcId,
      CidrBlock: `10.${Math.floor(subnet / 4)}.${(subnet % 4) * 64}.0/18`,
    });
    for (let inSubnet = 0; inSubnet < perSubnet && made < count; ) {
      const n = Math.min(500, perSubnet - inSubnet, count - made);
      await call('ec2', 'RunInstances', {
        ImageId: image.ImageId,
        InstanceType: 't3.micro',
        MinCount: n,
        MaxCount: n,
        SubnetId: Subnet.SubnetId,
      });
      inSubnet += n;
      made += n;
    }
  }
}
