#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// npm run reach -- --from <instance> --to <address> [--port N]: the hop-by-hop reachability verdict Lab 05
// shows, for any two endpoints of a region, from read-only describe-* calls. On the local sandbox by default;
// on a real account (HANDSON_TARGET=aws) or another endpoint (--endpoint) it reads and never changes anything,
// so it asks for no confirmation.
import { isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import { explain, instancesOf, type NetworkSnapshot, type Protocol, reachability } from '@handson/dataplane';
import { argumentError } from '../_lib/entry.mts';
import { describeFailure } from '../_lib/error-report.mts';

const NAME = 'npm run reach --';

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  port: { type: 'string', short: 'p' },
  protocol: { type: 'string' },
  output: { type: 'string', short: 'o' },
  lang: { type: 'string' },
  'network-only': { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: ${NAME} --from <instance|ip> --to <instance|ip> [--port N] [options]

Says whether a packet from one endpoint reaches another in this region, and why, hop by hop: the source's
security group (egress), its route table, a peering connection or internet gateway, the destination's
security group (ingress), whether the host listens, and the route back. Lab 05 prints the same walk.

Endpoints:
  --from <value>        an instance (id i-…, Name tag or private IPv4), or an IPv4 address no instance has:
                        a client on the internet
  --to <value>          an instance by id, Name tag, private IPv4 or public IPv4 (a public address takes
                        the internet path)

Options:
  -p, --port <n>        TCP or UDP port (1-65535); without it the check is an ICMP echo (ping)
  --protocol <name>     tcp, udp or icmp (default: tcp with --port, icmp without)
  -o, --output <fmt>    text (default) or json (the whole walk, for scripts)
  --lang <code>         en (default) or ja, for the hop texts
  --network-only        do not read instance consoles for listening ports; decide by the network alone
  --endpoint <url>      an AWS-compatible endpoint instead of the local sandbox (sets AWS_ENDPOINT_URL)
  --region <name>       the region to read (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)
  --debug               print the full error, stack included
  -h, --help            show this text; loads no credentials, sends nothing

Target: the local sandbox by default (started if none answers); HANDSON_TARGET=aws reads a real account.
Only read-only calls are sent, paged to the end:
  aws ec2 describe-instances, describe-subnets, describe-route-tables, describe-security-groups,
  describe-vpc-peering-connections, describe-vpcs, describe-internet-gateways,
  and aws ec2 get-console-output per running instance (unless --network-only)

Exit status: 0 reachable, 1 not reachable, 2 bad usage or a failed call.

Example (after Lab 05's stack is created on the sandbox):
  ${NAME} --from EC2A --to EC2C
  ${NAME} --from 203.0.113.7 --to EC2A --port 22 --output json`;

interface ReachArgs {
  from: string;
  to: string;
  protocol: Protocol;
  port?: number;
  output: 'text' | 'json';
  lang: 'en' | 'ja';
  networkOnly: boolean;
  debug: boolean;
}

class UsageError extends Error {}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got ${value})`);
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 1 to 65535 (got ${value})`);
  }
  return port;
}

/** Checks the options before anything loads credentials or sends a request. */
function readArgs(values: Record<string, string | boolean | undefined>): ReachArgs {
  const text = (name: string) => values[name] as string | undefined;
  const from = text('from');
  const to = text('to');
  if (!from || !to) throw new UsageError('--from and --to are both required');
  const port = portOf(text('port'));
  const protocol = oneOf('protocol', text('protocol'), ['tcp', 'udp', 'icmp'], port ? 'tcp' : 'icmp');
  if (protocol !== 'icmp' && port === undefined) throw new UsageError(`--protocol ${protocol} needs --port`);
  if (protocol === 'icmp' && port !== undefined) throw new UsageError('--port does not apply to icmp');
  return {
    from,
    to,
    protocol,
    ...(port === undefined ? {} : { port }),
    output: oneOf('output', text('output'), ['text', 'json'], 'text'),
    lang: oneOf('lang', text('lang'), ['en', 'ja'], 'en'),
    networkOnly: Boolean(values['network-only']),
    debug: Boolean(values.debug),
  };
}

/** An IPv4 address that belongs to no instance is a client on the internet; anything else names an instance. */
function sourceOf(snapshot: NetworkSnapshot, from: string): string | { ip: string } {
  if (!isIPv4(from)) return from;
  const owned = instancesOf(snapshot).some((i) => i.PrivateIpAddress === from || i.PublicIpAddress === from);
  return owned ? from : { ip: from };
}

function parseCommandLine(argv: string[]): ReachArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(
      argumentError(error, NAME)
        .replace(`${NAME}: `, '')
        .replace(/ \(--help[^)]*\)$/, ''),
    );
  }
  if (values.help) return 'help';
  if (typeof values.endpoint === 'string') process.env.AWS_ENDPOINT_URL = values.endpoint;
  if (typeof values.region === 'string') process.env.AWS_REGION = values.region;
  return readArgs(values);
}

async function main(argv: string[]): Promise<number> {
  let args: ReachArgs | 'help';
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${NAME}: ${error.message} (--help lists the options)`);
    return 2;
  }
  if (args === 'help') {
    console.log(HELP);
    return 0;
  }
  // Loaded only now: --help and bad usage must not touch credentials or the network.
  const { targetLine } = await import('@handson/aws');
  const { fetchRegionNetwork } = await import('../_lib/network-snapshot.mts');
  try {
    console.error(await targetLine());
    const snapshot = await fetchRegionNetwork({ consoleOutput: !args.networkOnly });
    const result = reachability(snapshot, {
      from: sourceOf(snapshot, args.from),
      to: args.to,
      protocol: args.protocol,
      ...(args.port === undefined ? {} : { port: args.port }),
    });
    console.log(args.output === 'json' ? JSON.stringify(result, null, 2) : explain(result, args.lang));
    return result.reachable ? 0 : 1;
  } catch (error) {
    for (const line of describeFailure(error, { debug: args.debug, slug: 'reach' })) console.error(line);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
