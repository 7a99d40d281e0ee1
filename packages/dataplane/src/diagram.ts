import type { MatrixRow } from './matrix';
import { type InstanceLike, instancesOf, type NetworkSnapshot, nameTag } from './snapshot';

export interface DiagramOptions {
  /** Labels for instances by id (e.g. the CloudFormation logical ids EC2A, EC2B, EC2C); default the Name tag. */
  labels?: Record<string, string>;
  /** Diagram title (top left). */
  title?: string;
}

const BOX_W = 220;
const BOX_H = 120;
const GAP = 110;
const TOP = 60;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function findInstance(snapshot: NetworkSnapshot, key: string): InstanceLike | undefined {
  return instancesOf(snapshot).find(
    (i) => i.InstanceId === key || i.PrivateIpAddress === key || nameTag(i.Tags) === key,
  );
}

/** Where box `i` starts, and its middle. */
const x = (i: number) => 20 + i * (BOX_W + GAP);
const centre = (i: number) => x(i) + BOX_W / 2;

/** The VPC peerings between the boxes: only active ones carry traffic, so only they are drawn. */
function peeringLines(snapshot: NetworkSnapshot, nodes: { vpcId?: string | undefined }[]): string[] {
  const out: string[] = [];
  for (const pcx of snapshot.VpcPeeringConnections ?? []) {
    if (pcx.Status?.Code !== 'active') continue;
    const a = nodes.findIndex((n) => n.vpcId === pcx.RequesterVpcInfo?.VpcId);
    const b = nodes.findIndex((n) => n.vpcId === pcx.AccepterVpcInfo?.VpcId);
    if (a < 0 || b < 0) continue;
    const [l, r] = a < b ? [a, b] : [b, a];
    const y = TOP + 40;
    if (r - l === 1) {
      out.push(
        `<line x1="${x(l) + BOX_W}" y1="${y}" x2="${x(r)}" y2="${y}" stroke="#1f6feb" stroke-width="5"/>`,
      );
    } else {
      // A peering that skips a box goes over the top.
      out.push(
        `<path d="M ${centre(l)} ${TOP} C ${centre(l)} ${TOP - 40}, ${centre(r)} ${TOP - 40}, ${centre(r)} ${TOP}" fill="none" stroke="#1f6feb" stroke-width="5"/>`,
      );
    }
    const mid = (x(l) + BOX_W + x(r)) / 2;
    // The id is wider than the gap: it goes above the boxes.
    out.push(
      `<text x="${mid}" y="${TOP - 8}" text-anchor="middle" font-size="12" fill="#1f6feb">${esc(pcx.VpcPeeringConnectionId ?? 'pcx')}</text>`,
    );
    out.push(`<text x="${mid}" y="${y + 22}" text-anchor="middle" fill="#1f6feb">peering</text>`);
  }
  return out;
}

/**
 * A picture of a reachability matrix as SVG: each VPC of the instances as a box (Name tag, CIDR, the
 * instance and its private address), active peerings between them as thick lines, and each pair of
 * instances as an arc below: green when both directions answer, red dashed when neither does, orange when
 * only one does. Written by hand because it is a fixed, small layout; no charting library draws networks.
 */
export function networkDiagramSvg(
  snapshot: NetworkSnapshot,
  rows: MatrixRow[],
  options: DiagramOptions = {},
): string {
  const keys = [...new Set(rows.flatMap((r) => [r.from, r.to]))];
  const nodes = keys.map((key) => {
    const instance = findInstance(snapshot, key);
    const vpc = snapshot.Vpcs?.find((v) => v.VpcId === instance?.VpcId) as
      | { VpcId?: string; CidrBlock?: string; Tags?: { Key?: string; Value?: string }[] }
      | undefined;
    const label = options.labels?.[instance?.InstanceId ?? key] ?? nameTag(instance?.Tags) ?? key;
    return {
      key,
      instance,
      vpcId: instance?.VpcId,
      vpcName: nameTag(vpc?.Tags) ?? instance?.VpcId,
      cidr: vpc?.CidrBlock,
      label,
    };
  });
  const width = x(nodes.length) - GAP + 20;
  // The arcs hang below the boxes (at most about 80 px); the legend goes under them.
  const legendTop = TOP + BOX_H + 100;
  const pairs: [number, number][] = [];
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) pairs.push([i, j]);
  const height = legendTop + pairs.length * 22 + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title)
    out.push(`<text x="20" y="28" font-size="16" font-weight="bold">${esc(options.title)}</text>`);

  out.push(...peeringLines(snapshot, nodes));

  nodes.forEach((n, i) => {
    out.push(
      `<rect x="${x(i)}" y="${TOP}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="#f6f8fa" stroke="#57606a" stroke-width="1.5"/>`,
    );
    out.push(`<text x="${x(i) + 10}" y="${TOP + 22}" font-weight="bold">${esc(n.vpcName ?? '?')}</text>`);
    out.push(`<text x="${x(i) + 10}" y="${TOP + 42}" fill="#57606a">${esc(n.cidr ?? '')}</text>`);
    out.push(
      `<rect x="${x(i) + 40}" y="${TOP + 58}" width="${BOX_W - 80}" height="44" rx="4" fill="#fff8c5" stroke="#9a6700"/>`,
    );
    out.push(
      `<text x="${centre(i)}" y="${TOP + 76}" text-anchor="middle" font-weight="bold">${esc(n.label)}</text>`,
    );
    out.push(
      `<text x="${centre(i)}" y="${TOP + 94}" text-anchor="middle">${esc(n.instance?.PrivateIpAddress ?? '')}</text>`,
    );
  });

  pairs.forEach(([i, j], k) => {
    const there = rows.find((r) => r.from === nodes[i]!.key && r.to === nodes[j]!.key)?.reachable;
    const back = rows.find((r) => r.from === nodes[j]!.key && r.to === nodes[i]!.key)?.reachable;
    const colour = there && back ? '#1a7f37' : !there && !back ? '#cf222e' : '#bc4c00';
    const verdict =
      there && back
        ? 'ping OK'
        : !there && !back
          ? 'ping NG (100% packet loss)'
          : there
            ? 'one way only →'
            : 'one way only ←';
    const depth = 20 + (j - i) * 24;
    // Longer arcs start further in, so arcs sharing an instance do not overlap at their ends.
    const shift = 15 * (j - i);
    out.push(
      `<path d="M ${centre(i) + shift} ${TOP + BOX_H} Q ${(centre(i) + centre(j)) / 2} ${TOP + BOX_H + depth * 2}, ${centre(j) - shift} ${TOP + BOX_H}" fill="none" stroke="${colour}" stroke-width="2.5"${there && back ? '' : ' stroke-dasharray="7 5"'}/>`,
    );
    out.push(
      `<text x="20" y="${legendTop + k * 22}" fill="${colour}">${esc(`${nodes[i]!.label} ⇄ ${nodes[j]!.label}: ${verdict}`)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
