// The check on the sandbox, where no sshd answers a real TCP connection: what the instance's sshd_config says
// and what it listens on come from the data-plane model, and whether 51512 and 22 can be reached from the
// client comes from the reachability evaluator over the account's describe-* outputs.
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeRouteTablesCommand,
  type DescribeRouteTablesCommandOutput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  DescribeSubnetsCommand,
  type DescribeSubnetsCommandOutput,
  GetConsoleOutputCommand,
} from '@aws-sdk/client-ec2';
import { clients } from '@handson/aws';
import { allPages } from '@handson/cli';
import {
  applyUserData,
  exec,
  explain,
  listeningTcpPorts,
  type ReachabilityResult,
  reachability,
  servicesFromConsoleOutput,
  stockInstanceModel,
} from '@handson/dataplane';

/** Service names `netstat` shows instead of port numbers without -n (/etc/services; 51512 has none). */
const SERVICE_NAMES: Record<number, string> = { 22: 'ssh', 25: 'smtp', 111: 'sunrpc' };

/**
 * `netstat -alt`, the blog's form: every TCP socket with names resolved. The model knows what listens; it has
 * no session (nobody logged in, unlike the blog's TeraTerm), so there is no ESTABLISHED line.
 */
export function netstatAll(ports: number[]): string {
  const name = (port: number) => SERVICE_NAMES[port] ?? String(port);
  const row = (proto: string, local: string, foreign: string) =>
    `${proto.padEnd(5)} ${'0'.padStart(6)} ${'0'.padStart(6)} ${local.padEnd(23)} ${foreign.padEnd(23)} LISTEN     `;
  return [
    'Active Internet connections (servers and established)',
    'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ',
    ...ports.map((p) => row('tcp', `0.0.0.0:${name(p)}`, '0.0.0.0:*')),
    ...ports.map((p) => row('tcp6', `[::]:${name(p)}`, '[::]:*')),
  ].join('\n');
}

export interface SandboxCheck {
  /** What `sudo cat /etc/ssh/sshd_config | grep Port` prints on the instance. */
  grepPort: string;
  /** The TCP ports sshd listens on, as the sandbox's instance logged them to its console. */
  listening: number[];
  /** The client's view: 51512 and 22 from the allowed address, 51512 from another one. */
  flows: { label: string; result: ReachabilityResult }[];
  /** The instance's security group and its inbound rules, for the picture. */
  group: { id: string; rules: string[] };
}

export async function sandboxCheck(opts: {
  instanceId: string;
  publicIp: string;
  clientIp: string;
  otherIp: string;
  port: number;
}): Promise<SandboxCheck> {
  const { ec2 } = clients();
  // The user data the instance was given, run on a stock Amazon Linux 2023 model as cloud-init would.
  const attr = await ec2.send(
    new DescribeInstanceAttributeCommand({ InstanceId: opts.instanceId, Attribute: 'userData' }),
  );
  const model = stockInstanceModel();
  applyUserData(model, Buffer.from(attr.UserData?.Value ?? '', 'base64').toString('utf8'));
  const grepPort = exec(model, 'sudo cat /etc/ssh/sshd_config | grep Port').stdout;

  // The sandbox's own instance booted the same model; its console log says what sshd listens on.
  const consoleOut = await ec2.send(new GetConsoleOutputCommand({ InstanceId: opts.instanceId }));
  const services = servicesFromConsoleOutput(Buffer.from(consoleOut.Output ?? '', 'base64').toString());
  const listening = services?.tcp ?? [];
  if (listening.join() !== listeningTcpPorts(model).join()) {
    throw new Error(
      `the instance listens on ${listening.join(', ') || 'nothing'}, but its user data gives ${listeningTcpPorts(model).join(', ')}`,
    );
  }

  // Whole lists, page after page: a real account's describe-* answers come in pages.
  const all = <O,>(command: object) => allPages<O>(ec2 as never, command as never);
  const snapshot = {
    Reservations: (
      await all<DescribeInstancesCommandOutput>(
        new DescribeInstancesCommand({ InstanceIds: [opts.instanceId] }),
      )
    ).Reservations,
    Subnets: (await all<DescribeSubnetsCommandOutput>(new DescribeSubnetsCommand({}))).Subnets ?? [],
    RouteTables:
      (await all<DescribeRouteTablesCommandOutput>(new DescribeRouteTablesCommand({}))).RouteTables ?? [],
    SecurityGroups:
      (await all<DescribeSecurityGroupsCommandOutput>(new DescribeSecurityGroupsCommand({})))
        .SecurityGroups ?? [],
    Services: services ? { [opts.instanceId]: services } : {},
  };
  const flow = (from: string, port: number) =>
    reachability(snapshot, { from: { ip: from }, to: opts.publicIp, protocol: 'tcp', port });
  const instance = snapshot.Reservations?.[0]?.Instances?.[0];
  const groupId = instance?.SecurityGroups?.[0]?.GroupId ?? '?';
  const group = snapshot.SecurityGroups.find((g) => g.GroupId === groupId);
  const rules = (group?.IpPermissions ?? []).flatMap((perm) =>
    (perm.IpRanges ?? []).map((range) => `${perm.IpProtocol} ${perm.FromPort} from ${range.CidrIp}`),
  );
  return {
    grepPort,
    listening,
    group: { id: groupId, rules },
    flows: [
      { label: `${opts.clientIp} -> ${opts.publicIp}:${opts.port}`, result: flow(opts.clientIp, opts.port) },
      { label: `${opts.clientIp} -> ${opts.publicIp}:22`, result: flow(opts.clientIp, 22) },
      { label: `${opts.otherIp} -> ${opts.publicIp}:${opts.port}`, result: flow(opts.otherIp, opts.port) },
    ],
  };
}

export { explain };
