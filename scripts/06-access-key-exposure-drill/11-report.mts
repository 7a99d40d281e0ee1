#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 7. 報告: what the key did, what was removed, what was rotated, what a detector said and what it cost — and,
// since this is a drill, a check that it matches what the simulated attacker really did, and that none of it
// is left in any region. The incident's timeline is drawn from the events (incident-timeline.svg).
import { writeFileSync } from 'node:fs';
import { DescribeKeyPairsCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { GetUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { isNotFound } from '@handson/aws';
import { printOutput } from '@handson/cli';
import { LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  attackerLogFile,
  billFile,
  COLLEAGUE_USER_NAME,
  type Finding,
  findingsFile,
  guardDutyFile,
  liveInstances,
  type Made,
  madeBy,
  need,
  readLabFile,
  regionClients,
  timelineFile,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';
import { attackerEvents, incidentTimeline, responseEvents } from './timeline.mts';

await step(LAB, '11-report');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
const EXPOSED_KEY_OWNER = need('EXPOSED_KEY_OWNER', '03-identify-key');
const ROTATED = need('ROTATED_KEYS', '10-rotate');
const findings = readLabFile<Finding[]>(findingsFile(), '06-lookup-events');
const found = madeBy(findings);
const truth = readLabFile<Made>(attackerLogFile(), '02-attacker');
const guardDuty = readLabFile<{
  simulated: boolean;
  findings?: { Type: string }[];
  rows?: { Type: string }[];
}>(guardDutyFile(), '07-guardduty');
const bill = readLabFile<{ estimated: boolean; totalUsd?: number; per30DaysUsd?: number }>(
  billFile(),
  '09-billing',
);

const regions = [...new Set([...Object.keys(found.regions), ...Object.keys(truth.regions)])].sort();
const gone = async (fn: () => Promise<boolean>) => fn().catch((error: unknown) => isNotFound(error));
const rows = [];
for (const region of regions) {
  const f = found.regions[region] ?? { instances: [], keyPairs: [], securityGroups: [] };
  const c = regionClients(region);
  // By filter: an instance terminated over an hour ago is no longer listed (an id would be an error).
  const instancesLeft = f.instances.length
    ? (await liveInstances(c, [{ Name: 'instance-id', Values: f.instances }])).length
    : 0;
  const keyPairsGone = await gone(async () =>
    f.keyPairs.length
      ? !(await c.ec2.send(new DescribeKeyPairsCommand({ KeyNames: f.keyPairs }))).KeyPairs?.length
      : true,
  );
  const groupsGone = await gone(async () =>
    f.securityGroups.length
      ? !(await c.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: f.securityGroups }))).SecurityGroups
          ?.length
      : true,
  );
  rows.push({
    Region: region,
    Events: findings.filter((x) => x.Region === region).length,
    Instances: f.instances.length,
    KeyPairs: f.keyPairs.length,
    SecurityGroups: f.securityGroups.length,
    Removed: instancesLeft === 0 && keyPairsGone && groupsGone,
  });
}
const { iam } = regionClients('us-east-1');
const usersGone: boolean[] = [];
for (const UserName of found.users)
  usersGone.push(await gone(async () => !(await iam.send(new GetUserCommand({ UserName }))).User));

printOutput(rows, {
  output: 'table',
  title: `Incident report: ${EXPOSED_ACCESS_KEY_ID} (${EXPOSED_KEY_OWNER})`,
});
const ownKeys = await iam.send(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }));
const colleagueKeys = await iam.send(new ListAccessKeysCommand({ UserName: COLLEAGUE_USER_NAME }));
const detected = guardDuty.findings ?? guardDuty.rows ?? [];
printOutput(
  {
    ExposedKey: `${EXPOSED_ACCESS_KEY_ID} (deleted)`,
    EventsFound: findings.length,
    AttackerUsers: found.users.map((u, i) => `${u} (${usersGone[i] ? 'deleted' : 'STILL THERE'})`),
    AttackerAccessKeys: found.accessKeys,
    SourceIPs: [...new Set(findings.map((f) => f.SourceIPAddress))],
    // The SDK's app id is what marks the attacker's tool; the rest of the user agent is the machine's.
    UserAgents: [...new Set(findings.map((f) => f.UserAgent.match(/app\/\S+/)?.[0] ?? f.UserAgent))],
    RotatedKeys: ROTATED.split(' '),
    CurrentKeys: [...(ownKeys.AccessKeyMetadata ?? []), ...(colleagueKeys.AccessKeyMetadata ?? [])].map(
      (k) => `${k.AccessKeyId} (${k.UserName})`,
    ),
    Password: 'replaced, reset required',
    GuardDuty: `${detected.length} finding(s)${guardDuty.simulated ? ' (simulated from the events)' : ''}: ${[...new Set(detected.map((f) => f.Type))].join(', ')}`,
    Bill: bill.estimated
      ? `estimated USD ${bill.totalUsd?.toFixed(6)} (USD ${bill.per30DaysUsd?.toFixed(2)} had it run 30 days)`
      : 'see Cost Explorer (09-billing), again tomorrow',
    NextSteps: 'tell AWS Support the response is complete; check the bill (it can lag a day)',
  },
  { output: 'json' },
);

// The drill's own check: what the events showed is exactly what the attacker did, and none of it is left.
const norm = (m: Made) =>
  JSON.stringify({
    users: [...m.users].sort(),
    accessKeys: [...m.accessKeys].sort(),
    regions: Object.fromEntries(
      Object.entries(m.regions)
        .sort()
        .map(([r, v]) => [
          r,
          {
            instances: [...v.instances].sort(),
            keyPairs: [...v.keyPairs].sort(),
            securityGroups: [...v.securityGroups].sort(),
          },
        ]),
    ),
  });
if (norm(found) !== norm(truth)) {
  throw new LabStepError(
    `the report does not match what the attacker did:\nfound ${norm(found)}\ndid   ${norm(truth)}`,
  );
}
if (!rows.every((r) => r.Removed) || !usersGone.every(Boolean))
  throw new LabStepError('something the attacker made is still there');
const keysNow = [...(ownKeys.AccessKeyMetadata ?? []), ...(colleagueKeys.AccessKeyMetadata ?? [])];
if (keysNow.some((k) => ROTATED.split(' ').includes(k.AccessKeyId as string))) {
  throw new LabStepError('a key that should have been rotated is still there');
}
console.log('# ✔ the report matches what the attacker did, and nothing it made is left');

// The picture: the attacker's events and the response's changes, a row per region.
const attackerKeys = (vars.get('ATTACKER_KEYS') ?? '').split(' ').filter(Boolean);
const attackStart = new Date(findings.map((f) => f.EventTime).sort()[0] as string);
const timeline = [
  ...attackerEvents(findings),
  ...(await responseEvents(EXPOSED_ACCESS_KEY_ID, attackerKeys, found, attackStart)),
];
writeFileSync(timelineFile(), incidentTimeline(timeline, EXPOSED_ACCESS_KEY_ID), { mode: 0o600 });
const responded = timeline.filter((e) => e.tone === 'ok').length;
console.log(
  `# the timeline: ${timelineFile()} (${timeline.length - responded} attacker events, ${responded} response changes)`,
);
