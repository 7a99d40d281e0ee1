import type { TrailEvent } from './trail-event';

/*
 * A documented stand-in for Amazon GuardDuty on the sandbox, computed from CloudTrail-shaped events. GuardDuty
 * itself scores API calls with machine-learning models against each identity's history; this replays the
 * part a drill can reason about, with fixed rules:
 *
 * 1. A call is new behaviour when its access key had not made that API call before (in these events). Only
 *    new behaviour counts, as GuardDuty's anomaly findings say "this principal has no prior history of
 *    invoking this API".
 * 2. Each API belongs to at most one tactic (TACTICS below). The finding types and default severities are
 *    GuardDuty's (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html): the APIs
 *    that page names for each type are listed first; the rest are this drill's, placed by MITRE ATT&CK's
 *    tactics (RunInstances for mining is Resource Hijacking, T1496, an Impact technique; CreateSecurityGroup
 *    was the example of GuardDuty's retired Persistence:IAMUser/NetworkPermissions).
 * 3. One finding per access key, tactic and region, as each region's detector reports what it saw; Count,
 *    first and last seen, and the APIs come from the calls that matched.
 * 4. An attack sequence (AttackSequence:IAM/CompromisedCredentials, Critical, GuardDuty Extended Threat
 *    Detection) when the keys of one incident — a key and every key it created — have findings in at least
 *    three tactics, Persistence and Impact among them. It is reported in us-east-1, beside the IAM events.
 *
 * What it cannot do: findings that need network data (CryptoCurrency:EC2/BitcoinTool.B reads VPC flow logs
 * and DNS queries to mining pools), threat intelligence on source IPs, or S3 data events. Those are named as
 * not simulated in the lab, never reported as found.
 */

export type Severity = 'Low' | 'Medium' | 'High' | 'Critical';

interface Tactic {
  type: string;
  severity: Severity;
  /** GuardDuty's severity number for the label, the middle of its documented band. */
  score: number;
  fromDocs: string[];
  fromDrill: string[];
}

export const TACTICS: Tactic[] = [
  {
    type: 'Discovery:IAMUser/AnomalousBehavior',
    severity: 'Low',
    score: 2,
    fromDocs: ['DescribeInstances', 'GetRolePolicy', 'ListAccessKeys'],
    fromDrill: [
      'GetCallerIdentity',
      'DescribeRegions',
      'DescribeImages',
      'ListBuckets',
      'GetUser',
      'ListUsers',
    ],
  },
  {
    type: 'Persistence:IAMUser/AnomalousBehavior',
    severity: 'Medium',
    score: 5,
    fromDocs: ['CreateAccessKey', 'ImportKeyPair', 'ModifyInstanceAttribute'],
    fromDrill: [
      'CreateUser',
      'CreateLoginProfile',
      'CreateKeyPair',
      'CreateSecurityGroup',
      'AuthorizeSecurityGroupIngress',
    ],
  },
  {
    type: 'Impact:IAMUser/AnomalousBehavior',
    severity: 'High',
    score: 8,
    fromDocs: ['DeleteSecurityGroup', 'UpdateUser', 'PutBucketPolicy'],
    fromDrill: ['RunInstances'],
  },
];

export const ATTACK_SEQUENCE_TYPE = 'AttackSequence:IAM/CompromisedCredentials';

/** A finding in the shape of GuardDuty's GetFindings answer (the members a report reads). */
export interface SimulatedFinding {
  Type: string;
  Severity: number;
  SeverityLabel: Severity;
  Region: string;
  Title: string;
  Resource: { ResourceType: 'AccessKey'; AccessKeyDetails: { AccessKeyId: string; UserName: string } };
  Service: {
    Count: number;
    EventFirstSeen: string;
    EventLastSeen: string;
    /** The API calls that made it, in order of first appearance. */
    Apis: string[];
    /** For an attack sequence: the findings it joins. */
    Signals?: string[];
  };
}

const tacticOf = (api: string) => TACTICS.find((t) => t.fromDocs.includes(api) || t.fromDrill.includes(api));

/** Keys grouped by incident: each key with every key it created (CreateAccessKey's resources), transitively. */
function incidents(events: TrailEvent[]): Map<string, string> {
  const root = new Map<string, string>();
  const find = (key: string): string => {
    const up = root.get(key);
    return up === undefined || up === key ? key : find(up);
  };
  for (const e of events) {
    if (!root.has(e.AccessKeyId)) root.set(e.AccessKeyId, e.AccessKeyId);
    if (e.EventName !== 'CreateAccessKey' || e.ErrorCode) continue;
    for (const r of e.Resources ?? []) {
      if (r.Type === 'AWS::IAM::AccessKey' && r.Name !== e.AccessKeyId) root.set(r.Name, find(e.AccessKeyId));
    }
  }
  return new Map([...root.keys()].map((k) => [k, find(k)]));
}

/** GuardDuty-style findings for the events (rules above), most severe first. */
export function simulateGuardDutyFindings(events: TrailEvent[]): SimulatedFinding[] {
  const ordered = [...events].sort((a, b) => a.EventTime.localeCompare(b.EventTime));
  const seen = new Set<string>();
  const byGroup = new Map<string, SimulatedFinding>();
  for (const e of ordered) {
    const firstCall = !seen.has(`${e.AccessKeyId} ${e.EventName}`);
    seen.add(`${e.AccessKeyId} ${e.EventName}`);
    const tactic = tacticOf(e.EventName);
    if (!tactic || !firstCall) continue;
    const id = `${tactic.type} ${e.AccessKeyId} ${e.Region}`;
    const finding = byGroup.get(id) ?? {
      Type: tactic.type,
      Severity: tactic.score,
      SeverityLabel: tactic.severity,
      Region: e.Region,
      Title: `APIs commonly used in ${tactic.type.split(':')[0]} tactics were invoked by ${e.Username ?? 'a user'} with no prior history of them.`,
      Resource: {
        ResourceType: 'AccessKey' as const,
        AccessKeyDetails: { AccessKeyId: e.AccessKeyId, UserName: e.Username ?? '' },
      },
      Service: { Count: 0, EventFirstSeen: e.EventTime, EventLastSeen: e.EventTime, Apis: [] },
    };
    finding.Service.Count += 1;
    finding.Service.EventLastSeen = e.EventTime;
    if (!finding.Service.Apis.includes(e.EventName)) finding.Service.Apis.push(e.EventName);
    byGroup.set(id, finding);
  }
  const findings = [...byGroup.values()];
  findings.push(...attackSequences(findings, incidents(ordered)));
  // By severity, then type and region: an order that does not hang on which call came first within a second.
  return findings.sort(
    (a, b) =>
      b.Severity - a.Severity ||
      a.Type.localeCompare(b.Type) ||
      a.Region.localeCompare(b.Region) ||
      a.Service.EventFirstSeen.localeCompare(b.Service.EventFirstSeen),
  );
}

function attackSequences(findings: SimulatedFinding[], incidentOf: Map<string, string>): SimulatedFinding[] {
  const groups = new Map<string, SimulatedFinding[]>();
  for (const f of findings) {
    const key =
      incidentOf.get(f.Resource.AccessKeyDetails.AccessKeyId) ?? f.Resource.AccessKeyDetails.AccessKeyId;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: SimulatedFinding[] = [];
  for (const [rootKey, group] of groups) {
    const tactics = new Set(group.map((f) => f.Type.split(':')[0]));
    if (tactics.size < 3 || !tactics.has('Persistence') || !tactics.has('Impact')) continue;
    const first = group.reduce((a, b) => (a.Service.EventFirstSeen <= b.Service.EventFirstSeen ? a : b));
    const last = group.reduce((a, b) => (a.Service.EventLastSeen >= b.Service.EventLastSeen ? a : b));
    out.push({
      Type: ATTACK_SEQUENCE_TYPE,
      Severity: 9,
      SeverityLabel: 'Critical',
      Region: 'us-east-1',
      Title: `A sequence of suspicious actions was performed with access key ${rootKey} and the keys it created.`,
      Resource: first.Resource,
      Service: {
        Count: group.reduce((n, f) => n + f.Service.Count, 0),
        EventFirstSeen: first.Service.EventFirstSeen,
        EventLastSeen: last.Service.EventLastSeen,
        Apis: [...new Set(group.flatMap((f) => f.Service.Apis))],
        Signals: [...new Set(group.map((f) => `${f.Type} (${f.Region})`))].sort(),
      },
    });
  }
  return out;
}
