import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { type AwsClients, clientsFor, clients as currentClients } from './clients.js';
import { isHandsonAwsError } from './errors.js';
import { notice } from './notice.js';
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS, type ResourceKind, type TagFilter } from './resource-kinds.js';
import { LAB_TAG_KEY, labOf } from './tags.js';
import { type TeardownReport, teardown } from './teardown.js';

export interface SweepItem {
  kind: ResourceKind;
  /** The id the delete call takes: name, id, URL or ARN. */
  id: string;
  /** The lab slug on its handson:lab tag. */
  lab: string;
  /** For regional resources (EC2, CloudTrail) found outside the clients' region: where. */
  region?: string;
}

export interface SweepOptions {
  /** Delete what was found (default: only list). */
  delete?: boolean;
  clients?: AwsClients;
  log?: (line: string) => void;
  /**
   * Where else to look for regional resources (EC2, CloudTrail): a list of regions, or `all` (every region
   * DescribeRegions gives; the exposed-key drill's attacker runs instances in several). Default: the clients'
   * region only.
   */
  regions?: string[] | 'all';
  /** Clients for another region (default: `clientsFor({ region })` in the current environment). */
  clientsIn?: (region: string) => AwsClients;
}

export interface SweepResult {
  found: SweepItem[];
  /** Resource kinds that could not be listed (e.g. a service the endpoint does not offer), with why. */
  skipped: Array<{ kind: ResourceKind; reason: string }>;
  deleted?: TeardownReport;
}

/** Each kind once on the clients, and each regional kind again in every other region. */
function targets(c: AwsClients, regional: Map<string, AwsClients>) {
  const out: Array<{ kind: ResourceKind; on: AwsClients; region?: string }> = [];
  for (const kind of RESOURCE_KIND_NAMES) {
    out.push({ kind, on: c });
    if (RESOURCE_KINDS[kind].regional) for (const [region, on] of regional) out.push({ kind, on, region });
  }
  return out;
}

/**
 * Finds what the labs left behind by their handson:lab tag (one lab's, or every lab's), on whatever the
 * target is, and with `delete: true` removes it in dependency order through a teardown registry.
 */
export async function sweep(slug?: string, options: SweepOptions = {}): Promise<SweepResult> {
  const c = options.clients ?? currentClients();
  const log = options.log ?? notice;
  const filters: TagFilter[] = slug
    ? [{ Name: `tag:${LAB_TAG_KEY}`, Values: [slug] }]
    : [{ Name: 'tag-key', Values: [LAB_TAG_KEY] }];
  const found: SweepItem[] = [];
  const skipped: SweepResult['skipped'] = [];
  const regional = new Map<string, AwsClients>();
  const others =
    options.regions === 'all'
      ? ((await c.ec2.send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName!)
      : (options.regions ?? []);
  const clientsIn = options.clientsIn ?? ((region: string) => clientsFor({ region }));
  for (const region of others) if (region !== c.region) regional.set(region, clientsIn(region));
  for (const { kind, on, region } of targets(c, regional)) {
    try {
      for (const { id, tags } of await (await RESOURCE_KINDS[kind].ops()).list(on, filters)) {
        const lab = labOf(tags);
        if (lab !== undefined && (slug === undefined || lab === slug))
          found.push({ kind, id, lab, ...(region ? { region } : {}) });
      }
    } catch (error) {
      // Our own errors (no credentials, nothing listening) concern every kind: stop and say so.
      if (isHandsonAwsError(error)) throw error;
      const reason = `${(error as Error).name}: ${(error as Error).message}`;
      skipped.push({ kind, reason });
      log(`sweep: could not list ${kind} (${reason})`);
    }
  }
  for (const item of found) {
    const where = item.region ? ` in ${item.region}` : '';
    log(`sweep: found ${item.kind} ${item.id}${where} (${LAB_TAG_KEY}=${item.lab})`);
  }
  if (!options.delete) return { found, skipped };

  const td = teardown(slug ?? 'all-labs', { log });
  // Registered last-first: teardown runs them in reverse, so the table's order is the order of removal.
  for (const { kind, id, region } of [...found].reverse()) {
    const spec = RESOURCE_KINDS[kind];
    const on = region ? regional.get(region)! : c;
    const first = spec.first ? ` (${spec.first} first)` : '';
    td.add(`${spec.verb} ${kind} ${id}${region ? ` in ${region}` : ''}${first}`, async () =>
      (await spec.ops()).remove(on, id),
    );
  }
  return { found, skipped, deleted: await td.run() };
}
