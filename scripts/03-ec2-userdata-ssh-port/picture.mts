// Lab 03's picture: the client and another address, the security group with its inbound rules, and the
// instance's two ports: 51512 (sshd listens, the rule lets the client in) and 22 (closed). Each arrow is a
// reachability verdict from the describe-* outputs, so the picture says what the check found.
import type { ReachabilityResult } from '@handson/dataplane';
import { type BoxEdge, type BoxNode, boxDiagram } from '@handson/labkit';

export interface PortsPicture {
  instanceId: string;
  publicIp: string;
  groupId: string;
  /** The group's inbound rules as `tcp 51512 from 203.0.113.10/32`. */
  rules: string[];
  listening: number[];
  port: number;
  clientIp: string;
  otherIp: string;
  /** The verdicts: the client to the new port and to 22, the other address to the new port. */
  toPort: ReachabilityResult;
  to22: ReachabilityResult;
  otherToPort: ReachabilityResult;
}

const verdict = (result: ReachabilityResult): Omit<BoxEdge, 'from' | 'to'> => ({
  label: result.reachable ? 'reaches it' : `refused at ${result.blockedAt?.hop ?? '?'}`,
  tone: result.reachable ? 'ok' : 'denied',
  labelAt: 0.3,
});

export function portsPicture(p: PortsPicture): string {
  const listens = (port: number) => p.listening.includes(port);
  const nodes: BoxNode[] = [
    { id: 'client', column: 0, row: 0, title: 'client (allowed)', lines: [p.clientIp] },
    { id: 'other', column: 0, row: 1, title: 'another address', lines: [p.otherIp] },
    {
      id: 'sg',
      column: 1,
      row: 2,
      title: `security group ${p.groupId}`,
      lines: p.rules.length > 0 ? p.rules.slice(0, 2) : ['no inbound rule'],
    },
    {
      id: 'port',
      column: 2,
      row: 0,
      title: `tcp ${p.port}: ${listens(p.port) ? 'sshd LISTEN' : 'nothing listens'}`,
      lines: [p.instanceId, p.publicIp],
      tone: p.toPort.reachable ? 'ok' : 'denied',
    },
    {
      id: 'port22',
      column: 2,
      row: 1,
      title: `tcp 22: ${listens(22) ? 'sshd LISTEN' : 'closed'}`,
      lines: [p.instanceId, p.publicIp],
      tone: p.to22.reachable ? 'ok' : 'denied',
    },
  ];
  const edges: BoxEdge[] = [
    { from: 'client', to: 'port', ...verdict(p.toPort) },
    { from: 'client', to: 'port22', ...verdict(p.to22) },
    { from: 'other', to: 'port', ...verdict(p.otherToPort) },
    { from: 'sg', to: 'port', label: 'guards', labelAt: 0.5 },
  ];
  return boxDiagram({
    title: `Lab 03: port ${p.port} open, 22 closed`,
    nodes,
    edges,
    boxWidth: 250,
    gapX: 170,
  });
}
