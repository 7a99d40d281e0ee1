#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 請求のチェック (反映には1日かかる場合も): what the attack cost. On a real account, Cost Explorer, read-only,
// from the day of the first event to tomorrow, by service (each request costs USD 0.01):
//   aws ce get-cost-and-usage --time-period Start=${DAY},End=${TOMORROW} --granularity DAILY \
//     --metrics UnblendedCost --group-by Type=DIMENSION,Key=SERVICE
// On the sandbox there is no bill: each of the attacker's instances is priced from the event history — its
// type from RunInstances, its running time from RunInstances to TerminateInstances on the sandbox's clock —
// at the On-Demand prices in @handson/lab-helpers (incident/instance-cost.ts, which names their source).
import { type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { client, resolveTarget } from '@handson/aws';
import { allPages, printOutput } from '@handson/cli';
import { estimateInstanceCost, type InstanceRun, PRICE_SOURCE } from '@handson/lab-helpers/incident';
import { aws, LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import {
  billFile,
  type Finding,
  findingsFile,
  madeBy,
  readLabFile,
  regionClients,
  SLUG,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '09-billing');

const findings = readLabFile<Finding[]>(findingsFile(), '06-lookup-events');
const day = (d: Date) => d.toISOString().slice(0, 10);

async function onAws(): Promise<void> {
  const first = new Date(findings.map((f) => f.EventTime).sort()[0] as string);
  const tomorrow = new Date(Date.now() + 86_400_000);
  const ce = Object.assign(regionClients('us-east-1'), {
    ce: client(CostExplorerClient, { region: 'us-east-1' }),
  });
  const { output } = await aws(
    new GetCostAndUsageCommand({
      TimePeriod: { Start: day(first), End: day(tomorrow) },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    }),
    {
      clients: ce,
      query: 'ResultsByTime[].[TimePeriod.Start, Groups[].[Keys[0], Metrics.UnblendedCost.Amount]]',
      output: 'text',
    },
  );
  console.log('# the bill can lag up to a day: check it again tomorrow (the notes: 反映には1日かかる場合も)');
  writePrivate(billFile(), { estimated: false, results: output.ResultsByTime ?? [] });
}

/** Every event of one instance, read back from its region's history by its id. */
async function eventsOf(region: string, instanceId: string): Promise<Event[]> {
  const { Events = [] } = await allPages<{ Events?: Event[] }>(
    regionClients(region).cloudtrail,
    new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: instanceId }],
    }),
  );
  return Events;
}

/** When an instance ran, and as what, from RunInstances and TerminateInstances in the history. */
async function runOf(region: string, instanceId: string): Promise<InstanceRun> {
  const events = await eventsOf(region, instanceId);
  const launch = events.find((e) => e.EventName === 'RunInstances');
  const end = events.find((e) => e.EventName === 'TerminateInstances');
  if (!launch) throw new LabStepError(`no RunInstances event names ${instanceId} in ${region}`);
  if (!end) {
    throw new LabStepError(
      `${instanceId} in ${region} was not terminated yet: run ${invocation(SLUG, '08-remove-resources')} first.`,
    );
  }
  const record = JSON.parse(launch.CloudTrailEvent ?? '{}');
  return {
    InstanceId: instanceId,
    InstanceType: record.requestParameters?.instanceType,
    Region: region,
    From: launch.EventTime as Date,
    To: end.EventTime as Date,
  };
}

async function onSandbox(): Promise<void> {
  console.log(
    `$ for id in \${INSTANCE_IDS}; do aws cloudtrail lookup-events --region \${region} --lookup-attributes AttributeKey=ResourceName,AttributeValue=\${id} --query "Events[?EventName=='RunInstances' || EventName=='TerminateInstances']"; done`,
  );
  const runs: InstanceRun[] = [];
  for (const [region, made] of Object.entries(madeBy(findings).regions).sort()) {
    for (const id of made.instances) runs.push(await runOf(region, id));
  }
  // Every run has ended (runOf makes sure of it).
  const costs = estimateInstanceCost(runs);
  const usd = (n: number) => n.toFixed(6);
  printOutput(
    costs.map((c) => ({
      InstanceId: c.InstanceId,
      Type: c.InstanceType,
      Region: c.Region,
      BilledSeconds: c.BilledSeconds,
      UsdPerHour: String(c.UsdPerHour),
      Usd: usd(c.Usd),
    })),
    { output: 'table', title: 'Estimated cost of the attacker instances' },
  );
  const total = costs.reduce((n, c) => n + c.Usd, 0);
  const month = costs.reduce((n, c) => n + c.UsdPer30Days, 0);
  console.log(
    `# estimated: USD ${usd(total)} for ${costs.length} instances; unnoticed for 30 days: USD ${month.toFixed(2)}`,
  );
  console.log(
    `# prices: ${PRICE_SOURCE}; per-second billing, 60 s minimum; storage and traffic not included`,
  );
  writePrivate(billFile(), {
    estimated: true,
    priceSource: PRICE_SOURCE,
    costs,
    totalUsd: total,
    per30DaysUsd: month,
  });
}

if (resolveTarget(process.env).kind === 'aws') await onAws();
else await onSandbox();
