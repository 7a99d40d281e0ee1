#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 4. CloudTrailで対象のキーのアクティビティを確認する (全リージョン): event history is kept per region, and an
// attacker goes where nobody looks. Every region, by access key id; then the same for any key the attacker
// made (it is how it would come back).
//   for region in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do
//     aws cloudtrail lookup-events --region ${region} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${KEY}
//   done
import { existsSync } from 'node:fs';
import { type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { allPages, printOutput } from '@handson/cli';
import { aws, LabStepError, observeLesson } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import {
  attackerLogFile,
  type Finding,
  findingsFile,
  type Made,
  need,
  readJson,
  regionClients,
  SLUG,
  vars,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '06-lookup-events');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
const regions = await aws(new DescribeRegionsCommand({}), { query: 'Regions[].RegionName', output: 'text' });
const REGIONS = (regions.output.Regions ?? []).map((r) => r.RegionName as string);

async function lookup(region: string, accessKeyId: string): Promise<Event[]> {
  const { Events = [] } = await allPages<{ Events?: Event[] }>(
    regionClients(region).cloudtrail,
    new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }],
    }),
  );
  return Events;
}

const findings: Finding[] = [];
const searched = new Set<string>();
const queue = [EXPOSED_ACCESS_KEY_ID];
while (queue.length) {
  const key = queue.shift() as string;
  searched.add(key);
  console.log(
    `$ for region in \${REGIONS}; do aws cloudtrail lookup-events --region \${region} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${key} --query 'length(Events)' --output text; done`,
  );
  for (const region of REGIONS) {
    const events = await lookup(region, key);
    if (events.length) console.log(`${region}\t${events.length}`);
    // Oldest first, so that events of the same second keep their order in the table.
    for (const e of events.reverse()) {
      const record = JSON.parse(e.CloudTrailEvent ?? '{}');
      findings.push({
        Region: region,
        EventName: e.EventName as string,
        EventTime: (e.EventTime as Date).toISOString().replace('.000Z', 'Z'),
        SourceIPAddress: record.sourceIPAddress,
        UserAgent: record.userAgent,
        AccessKeyId: e.AccessKeyId as string,
        Username: e.Username as string,
        ErrorCode: record.errorCode,
        Resources: (e.Resources ?? []).map((r) => ({
          Type: r.ResourceType as string,
          Name: r.ResourceName as string,
        })),
      });
      // A key the attacker created is searched next: what it did is part of the incident too.
      if (e.EventName === 'CreateAccessKey' && !record.errorCode) {
        for (const r of e.Resources ?? []) {
          const id = r.ResourceName as string;
          if (r.ResourceType === 'AWS::IAM::AccessKey' && !searched.has(id) && !queue.includes(id))
            queue.push(id);
        }
      }
    }
  }
}
// Region by region, oldest first: event times have whole seconds, and the lookup's order breaks ties.
findings.sort((a, b) => a.Region.localeCompare(b.Region) || a.EventTime.localeCompare(b.EventTime));
printOutput(
  findings.map((f) => ({
    EventName: f.EventName,
    EventTime: f.EventTime,
    SourceIP: f.SourceIPAddress,
    Region: f.Region,
    AccessKeyId: f.AccessKeyId,
  })),
  { output: 'table', title: 'LookupEvents' },
);
// The lesson: the event history, searched region by region, shows where the attacker went.
const attacked = existsSync(attackerLogFile()) ? Object.keys(readJson<Made>(attackerLogFile()).regions) : [];
const seenIn = new Set(findings.map((f) => f.Region));
const missed = attacked.filter((region) => !seenIn.has(region));
observeLesson(
  SLUG,
  'history-shows-attack',
  findings.length > 0 && missed.length === 0,
  findings.length === 0
    ? 'the event history holds no event for the key (this endpoint records none, or CloudTrail has not delivered them yet)'
    : missed.length > 0
      ? `no event from ${missed.join(', ')}, where the attacker made resources`
      : `${findings.length} events for the key and the ones it made, in every region the attacker used (${attacked.join(', ')})`,
);
if (!findings.length) {
  // CloudTrail delivers events to the event history within about 15 minutes of the call.
  throw new LabStepError(
    `no events for ${EXPOSED_ACCESS_KEY_ID} in any region: run ${invocation(SLUG, '02-attacker')} first, ` +
      'or on AWS give the event history up to 15 minutes and run this step again.',
  );
}
writePrivate(findingsFile(), findings);
vars.set('ATTACKER_KEYS', [...searched].filter((k) => k !== EXPOSED_ACCESS_KEY_ID).join(' '));
const where = [...new Set(findings.map((f) => f.Region))].sort();
console.log(`# ${findings.length} events in ${where.length} regions: ${where.join(', ')}`);
