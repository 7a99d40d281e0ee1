import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DevOpsGuruClient } from '@aws-sdk/client-devops-guru';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsClients, resolveTarget } from '@handson/aws';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { LAB_PAGE_SIZE, ROOT, type ScriptRun } from '../labs/run-lab';
import { ScriptHost } from '../labs/support/script-host';

/** Every lab with scripts and a teardown: scripts/NN-slug/ with NN-*.mts steps and teardown.mts. */
export function discoverLabs(): { slug: string; steps: string[] }[] {
  const dir = join(ROOT, 'scripts');
  return readdirSync(dir)
    .filter((d) => /^\d\d-[a-z0-9-]+$/.test(d) && existsSync(join(dir, d, 'teardown.mts')))
    .sort()
    .map((slug) => ({
      slug,
      steps: readdirSync(join(dir, slug))
        .filter((f) => /^\d\d-.*\.mts$/.test(f))
        .sort(),
    }))
    .filter((lab) => lab.steps.length > 0);
}

/** Waits the labs make shorter on the sandbox (Lab 04's visibility timeout), the same for every lab. */
const FAST = { HANDSON_SQS_VISIBILITY_TIMEOUT: '4', HANDSON_SQS_SETTLE_MS: '4000' };

/**
 * One lab's world whose sandbox can be stopped and brought back on the same port, data dir and work dir
 * from a snapshot: the state after step k is restored exactly as it was when the lab stopped there.
 */
export class RestorableLab {
  readonly root = mkdtempSync(join(tmpdir(), 'handson-lab-faults-'));
  readonly dataDir = join(this.root, 'data');
  readonly home = join(this.root, 'home');
  private port = 0;
  sandbox!: RunningSandbox;
  /** Added to every script's environment (undefined removes a variable). */
  extraEnv: NodeJS.ProcessEnv = {};

  constructor(readonly slug: string) {
    mkdirSync(this.home);
  }

  get url(): string {
    return this.sandbox.url;
  }

  async start(): Promise<void> {
    this.sandbox = await startSandbox({
      port: this.port,
      host: '127.0.0.1',
      dataDir: this.dataDir,
      seed: `faults-${this.slug}`,
      pageSize: LAB_PAGE_SIZE,
    });
    this.port = this.sandbox.port;
  }

  async stop(): Promise<void> {
    await this.sandbox.close();
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      LANG: 'C.UTF-8',
      HANDSON_TARGET: 'sandbox',
      HANDSON_SANDBOX_URL: this.url,
      HANDSON_WORK_DIR: join(this.home, 'environment'),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_CONFIG_FILE: join(this.home, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(this.home, 'no-credentials'),
      ...FAST,
      ...this.extraEnv,
      ...extra,
    };
  }

  private host?: ScriptHost;

  /**
   * Runs a step in the lab's long-lived script host (started with this lab's environment, network guard
   * included), which pays for loading tsx and the SDK once per lab instead of once per step.
   */
  async runHosted(script: string, env: NodeJS.ProcessEnv = this.env()): Promise<ScriptRun> {
    this.host ??= new ScriptHost(ROOT, env);
    const o = await this.host.run(join(ROOT, 'scripts', this.slug, script), [], env);
    return { script, code: o.code, stdout: o.stdout, stderr: o.stderr };
  }

  /** Copies the persisted state and the work dir (the sandbox writes state after every change). */
  snapshot(name: string): void {
    const to = join(this.root, 'snapshots', name);
    mkdirSync(to, { recursive: true });
    if (existsSync(this.dataDir)) cpSync(this.dataDir, join(to, 'data'), { recursive: true });
    cpSync(this.home, join(to, 'home'), { recursive: true });
  }

  /** Stops the sandbox, puts back a snapshot's state and files at the same paths, starts it again. */
  async restore(name: string): Promise<void> {
    await this.stop();
    const from = join(this.root, 'snapshots', name);
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.home, { recursive: true, force: true });
    if (existsSync(join(from, 'data'))) cpSync(join(from, 'data'), this.dataDir, { recursive: true });
    cpSync(join(from, 'home'), this.home, { recursive: true });
    await this.start();
  }

  /** Administrator clients on this lab's sandbox, for sweep. */
  clients(region = 'ap-northeast-1'): AwsClients {
    const config = {
      endpoint: this.url,
      region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    return {
      target: resolveTarget({ HANDSON_SANDBOX_URL: this.url }),
      region,
      credentials: async () => config.credentials,
      ec2: new EC2Client(config),
      iam: new IAMClient(config),
      sqs: new SQSClient(config),
      cloudformation: new CloudFormationClient(config),
      s3: new S3Client({ ...config, forcePathStyle: true }),
      sts: new STSClient(config),
      dynamodb: new DynamoDBClient(config),
      cloudwatch: new CloudWatchClient(config),
      'devops-guru': new DevOpsGuruClient(config),
      cloudtrail: new CloudTrailClient(config),
    } as AwsClients;
  }

  async close(): Promise<void> {
    this.host?.close();
    await this.stop().catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}
