// The incident's picture: the attacker's events (what 06-lookup-events kept) and the response's (read back
// from the event history by what they acted on: the leaked key, the backdoor user, each instance) on one
// time axis, a row per region. Only calls that changed something are drawn for the response.
import { type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { allPages } from '@handson/cli';
import { type TimelineEvent, timelineChart } from '@handson/labkit';
import { ATTACKER_USER_NAME, type Finding, type Made, regionClients } from './lab.mts';

/** Every event that names `resource` in `region`'s history. */
async function eventsNaming(region: string, resource: string): Promise<Event[]> {
  const { Events = [] } = await allPages<{ Events?: Event[] }>(
    regionClients(region).cloudtrail,
    new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: resource }],
    }),
  );
  return Events;
}

/**
 * The response's own changes: calls on what the attacker used or made, by keys that are not the attacker's,
 * from the attacker's first event on (before it, the same key was being set up, not answered).
 */
export async function responseEvents(
  exposedKey: string,
  attackerKeys: string[],
  made: Made,
  since: Date,
): Promise<TimelineEvent[]> {
  const asked: [string, string][] = [
    ['us-east-1', exposedKey],
    ['us-east-1', ATTACKER_USER_NAME],
    ...Object.entries(made.regions).flatMap(([region, r]) =>
      r.instances.map((id) => [region, id] as [string, string]),
    ),
  ];
  const seen = new Set<string>();
  const out: TimelineEvent[] = [];
  for (const [region, resource] of asked) {
    for (const e of await eventsNaming(region, resource)) {
      if (e.ReadOnly === 'true' || seen.has(e.EventId as string)) continue;
      if ((e.EventTime as Date).getTime() < since.getTime()) continue;
      if (e.AccessKeyId === exposedKey || attackerKeys.includes(e.AccessKeyId as string)) continue;
      seen.add(e.EventId as string);
      out.push({ lane: region, at: e.EventTime as Date, tone: 'ok', label: e.EventName });
    }
  }
  return out;
}

/** The attacker's events, the first of each kind in each region labelled. */
export function attackerEvents(findings: Finding[]): TimelineEvent[] {
  const labelled = new Set<string>();
  return findings.map((f) => {
    const first = !labelled.has(`${f.Region} ${f.EventName}`);
    labelled.add(`${f.Region} ${f.EventName}`);
    const label = first && !/^(Describe|Get|List)/.test(f.EventName) ? f.EventName : undefined;
    return {
      lane: f.Region,
      at: new Date(f.EventTime),
      tone: 'denied' as const,
      ...(label ? { label } : {}),
    };
  });
}

/** The picture, as an SVG document. */
export function incidentTimeline(events: TimelineEvent[], exposedKey: string): string {
  const start = [...events].sort((a, b) => a.at.getTime() - b.at.getTime())[0]?.at;
  return timelineChart({
    title: `Incident timeline: ${exposedKey} (from ${start?.toISOString().replace('.000Z', 'Z') ?? '-'})`,
    lanes: ['us-east-1'],
    legend: { denied: 'attacker', ok: 'response' },
    events,
  });
}
