#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// GuardDuty の検出結果: what a detector says about the key. On a real account, GuardDuty itself, read-only —
// each region the events showed (GuardDuty is regional: a region without a detector saw nothing):
//   aws guardduty list-detectors --region ${region}
//   aws guardduty list-findings --detector-id ${DETECTOR} --finding-criteria '{"Criterion":{"resource.accessKeyDetails.accessKeyId":{"Eq":["${KEY}"]}}}'
//   aws guardduty get-findings --detector-id ${DETECTOR} --finding-ids ...
// On the sandbox (or another endpoint) there is no GuardDuty: the findings are simulated from the events the
// lookup kept, with the rules written out in @handson/lab-helpers (incident/guardduty-style.ts) and the lab's
// README; what needs network data (CryptoCurrency:EC2/BitcoinTool.B) is named as not simulated.
import {
  GetFindingsCommand,
  GuardDutyClient,
  type Finding as GuardDutyFinding,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { client, resolveTarget } from '@handson/aws';
import { allPages, printOutput } from '@handson/cli';
import { simulateGuardDutyFindings } from '@handson/lab-helpers/incident';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  type Finding,
  findingsFile,
  guardDutyFile,
  need,
  readLabFile,
  regionClients,
  vars,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '07-guardduty');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
const events = readLabFile<Finding[]>(findingsFile(), '06-lookup-events');
const keys = [EXPOSED_ACCESS_KEY_ID, ...(vars.get('ATTACKER_KEYS') ?? '').split(' ').filter(Boolean)];

/** One region's GuardDuty findings about the keys, or undefined when no detector runs there. */
async function realFindings(region: string): Promise<GuardDutyFinding[] | undefined> {
  const gd = client(GuardDutyClient, { region });
  const set = Object.assign(regionClients(region), { guardduty: gd });
  const detectors = await aws(new ListDetectorsCommand({}), {
    clients: set,
    query: 'DetectorIds',
    output: 'text',
  });
  const DetectorId = detectors.output.DetectorIds?.[0];
  if (!DetectorId) return undefined;
  const { FindingIds: ids = [] } = await allPages<{ FindingIds?: string[] }>(
    gd,
    new ListFindingsCommand({
      DetectorId,
      FindingCriteria: { Criterion: { 'resource.accessKeyDetails.accessKeyId': { Eq: keys } } },
    }),
  );
  const found: GuardDutyFinding[] = [];
  // GetFindings takes at most 50 ids a call.
  for (let i = 0; i < ids.length; i += 50) {
    const out = await aws(new GetFindingsCommand({ DetectorId, FindingIds: ids.slice(i, i + 50) }), {
      clients: set,
      query: 'Findings[].[Type,Severity,Service.Count]',
      output: 'text',
    });
    found.push(...(out.output.Findings ?? []));
  }
  return found;
}

async function onAws(): Promise<void> {
  const regions = [...new Set(['us-east-1', ...events.map((e) => e.Region)])].sort();
  const rows = [];
  const blind: string[] = [];
  for (const region of regions) {
    const found = await realFindings(region);
    if (!found) blind.push(region);
    for (const f of found ?? [])
      rows.push({ Type: f.Type, Severity: f.Severity, Region: region, Count: f.Service?.Count });
  }
  printOutput(rows, { output: 'table', title: 'GuardDuty findings' });
  if (blind.length) {
    console.log(
      `# no GuardDuty detector in ${blind.join(', ')}: nothing there was watched — enable it in every region`,
    );
  }
  writePrivate(guardDutyFile(), { simulated: false, rows, regionsWithoutDetector: blind });
}

function onSandbox(): void {
  const findings = simulateGuardDutyFindings(events);
  console.log(
    '# GuardDuty-style findings, simulated from the event history (rules: @handson/lab-helpers incident/guardduty-style.ts)',
  );
  printOutput(
    findings.map((f) => ({
      Type: f.Type,
      Severity: `${f.SeverityLabel} (${f.Severity})`,
      Region: f.Region,
      AccessKeyId: f.Resource.AccessKeyDetails.AccessKeyId,
      Count: f.Service.Count,
      Apis: f.Service.Apis.join(' '),
    })),
    { output: 'table', title: 'Findings' },
  );
  console.log(
    '# not simulated: CryptoCurrency:EC2/BitcoinTool.B (GuardDuty reads VPC flow logs and DNS queries to ' +
      'mining pools; the sandbox has no traffic) and findings from threat intelligence on source IPs',
  );
  writePrivate(guardDutyFile(), { simulated: true, findings });
}

if (resolveTarget(process.env).kind === 'aws') await onAws();
else onSandbox();
