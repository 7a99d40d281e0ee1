import { timelineChart } from '@handson/labkit';
import { describe, expect, it } from 'vitest';
import { simulateGuardDutyFindings } from './guardduty-style';
import { estimateInstanceCost, hourlyPrice } from './instance-cost';
import type { TrailEvent } from './trail-event';

const LEAKED = 'AKIAIOSFODNN7EXAMPLE';
const BACKDOOR = 'AKIAI44QH8DHBEXAMPLE';
const ev = (EventName: string, second: number, extra: Partial<TrailEvent> = {}): TrailEvent => ({
  Region: 'ap-northeast-1',
  EventName,
  EventTime: new Date(Date.UTC(2026, 11, 5, 9, 0, second)).toISOString().replace('.000Z', 'Z'),
  AccessKeyId: LEAKED,
  Username: 'handson-drill-exposed-user',
  ...extra,
});

describe('simulateGuardDutyFindings', () => {
  const attack = [
    ev('GetCallerIdentity', 0),
    ev('CreateUser', 1, { Region: 'us-east-1' }),
    ev('CreateAccessKey', 2, {
      Region: 'us-east-1',
      Resources: [{ Type: 'AWS::IAM::AccessKey', Name: BACKDOOR }],
    }),
    ev('GetCallerIdentity', 3, {
      AccessKeyId: BACKDOOR,
      Username: 'handson-drill-backdoor',
      Region: 'us-east-1',
    }),
    ev('DescribeImages', 4),
    ev('CreateKeyPair', 5),
    ev('RunInstances', 6),
    ev('RunInstances', 7),
    ev('RunInstances', 8, { Region: 'eu-west-1' }),
  ];

  it('reports each tactic per key and region, counting only first calls of an API', () => {
    const findings = simulateGuardDutyFindings(attack);
    const brief = findings.map((f) => [
      f.Type,
      f.Region,
      f.Resource.AccessKeyDetails.AccessKeyId,
      f.Service.Count,
    ]);
    expect(brief).toEqual([
      ['AttackSequence:IAM/CompromisedCredentials', 'us-east-1', LEAKED, 7],
      ['Impact:IAMUser/AnomalousBehavior', 'ap-northeast-1', LEAKED, 1],
      // A second region is new to that region's detector, but the API is not new to the key.
      ['Persistence:IAMUser/AnomalousBehavior', 'ap-northeast-1', LEAKED, 1],
      ['Persistence:IAMUser/AnomalousBehavior', 'us-east-1', LEAKED, 2],
      ['Discovery:IAMUser/AnomalousBehavior', 'ap-northeast-1', LEAKED, 2],
      ['Discovery:IAMUser/AnomalousBehavior', 'us-east-1', BACKDOOR, 1],
    ]);
    const sequence = findings[0]!;
    expect(sequence.SeverityLabel).toBe('Critical');
    expect(sequence.Service.Signals).toContain('Discovery:IAMUser/AnomalousBehavior (us-east-1)');
    expect(sequence.Service.EventFirstSeen).toBe('2026-12-05T09:00:00Z');
    expect(sequence.Service.EventLastSeen).toBe('2026-12-05T09:00:06Z');
  });

  it('makes no attack sequence without persistence and impact, and nothing of unlisted APIs', () => {
    const quiet = simulateGuardDutyFindings([ev('GetCallerIdentity', 0), ev('DescribeImages', 1)]);
    expect(quiet.map((f) => f.Type)).toEqual(['Discovery:IAMUser/AnomalousBehavior']);
    expect(simulateGuardDutyFindings([ev('PutObject', 0), ev('LookupEvents', 1)])).toEqual([]);
    expect(simulateGuardDutyFindings([])).toEqual([]);
  });
});

describe('estimateInstanceCost', () => {
  const from = new Date('2026-12-05T09:00:00Z');
  it('bills per second with a 60-second minimum, at the table price', () => {
    const [short, long] = estimateInstanceCost(
      [
        {
          InstanceId: 'i-1',
          InstanceType: 't3.micro',
          Region: 'us-east-1',
          From: from,
          To: new Date(from.getTime() + 5000),
        },
        {
          InstanceId: 'i-2',
          InstanceType: 't3.micro',
          Region: 'ap-northeast-1',
          From: from,
          To: new Date(from.getTime() + 7_200_500),
        },
      ],
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(short!.BilledSeconds).toBe(60);
    expect(short!.Usd).toBeCloseTo((60 / 3600) * 0.0104, 12);
    expect(long!.BilledSeconds).toBe(7201);
    expect(long!.Usd).toBeCloseTo((7201 / 3600) * 0.0136, 12);
    expect(long!.UsdPer30Days).toBeCloseTo(720 * 0.0136, 12);
  });

  it('counts a run that has not ended up to now, and names a price the table lacks', () => {
    const [open] = estimateInstanceCost(
      [{ InstanceId: 'i-3', InstanceType: 't3.micro', Region: 'eu-west-1', From: from }],
      new Date(from.getTime() + 120_000),
    );
    expect(open!.BilledSeconds).toBe(120);
    expect(() => hourlyPrice('p5.48xlarge', 'us-east-1')).toThrow(
      /no On-Demand price for p5\.48xlarge in us-east-1/,
    );
    expect(() =>
      estimateInstanceCost([
        { InstanceId: 'i-4', InstanceType: 't3.micro', Region: 'eu-west-1', From: from },
      ]),
    ).toThrow(/i-4 has not ended/);
  });
});

describe('timelineChart', () => {
  it('draws one row per lane, labels, a legend and a time axis in a unit that fits the span', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, 0) + s * 1000);
    const svg = timelineChart({
      title: 'Incident timeline',
      lanes: ['us-east-1'],
      legend: { denied: 'attacker', ok: 'response' },
      events: [
        { lane: 'ap-northeast-1', at: at(30), tone: 'denied', label: 'RunInstances' },
        { lane: 'us-east-1', at: at(0), tone: 'denied', label: 'CreateUser' },
        { lane: 'us-east-1', at: at(900), tone: 'ok', label: 'DeleteAccessKey' },
      ],
    });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.indexOf('>us-east-1<')).toBeLessThan(svg.indexOf('>ap-northeast-1<'));
    for (const label of ['RunInstances', 'CreateUser', 'DeleteAccessKey', 'attacker', 'response'])
      expect(svg).toContain(`>${label}<`);
    expect(svg).toContain('time since the first event (min)');
    expect(svg.match(/<circle /g)).toHaveLength(5);
  });
});
