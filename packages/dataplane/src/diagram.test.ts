import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { blogPeeringSnapshot } from './__fixtures__/blog-peering';
import { networkDiagramSvg } from './diagram';
import { reachabilityMatrix } from './matrix';
import type { NetworkSnapshot } from './snapshot';

const NAMES = ['handson-vpc-peering1', 'handson-vpc-peering2', 'handson-vpc-peering3'];

/** Parses with Python's XML parser: the SVG must be well-formed for Jupyter and browsers to draw it. */
function parseXml(svg: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = execFile(
      '/usr/bin/python3',
      [
        '-c',
        'import sys, xml.dom.minidom as m; print(m.parseString(sys.stdin.buffer.read()).documentElement.tagName)',
      ],
      (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout.trim())),
    );
    child.stdin!.end(svg);
  });
}

describe('networkDiagramSvg', () => {
  const vpc = (VpcId: string, CidrBlock: string, name: string) => ({
    VpcId,
    CidrBlock,
    Tags: [{ Key: 'Name', Value: name }],
  });
  const snapshot: NetworkSnapshot = {
    ...blogPeeringSnapshot(),
    Vpcs: [
      vpc('vpc-0932bf14cf664577f', '10.100.0.0/16', NAMES[0]!),
      vpc('vpc-0f5af64c8262401f0', '10.200.0.0/16', NAMES[1]!),
      vpc('vpc-0150bd49c56f4f085', '10.50.0.0/16', NAMES[2]!),
    ],
  };
  const rows = reachabilityMatrix(snapshot, NAMES);
  const ids = Object.fromEntries(
    (snapshot.Reservations ?? [])
      .flatMap((r) => r.Instances ?? [])
      .map((i) => [
        i.InstanceId!,
        `EC2${'ABC'[Number(i.Tags!.find((t) => t.Key === 'Name')!.Value!.slice(-1)) - 1]}`,
      ]),
  );
  const svg = networkDiagramSvg(snapshot, rows, { labels: ids, title: 'VPC peering <lab 05>' });

  it('is well-formed SVG with the title escaped', async () => {
    expect(await parseXml(svg)).toBe('svg');
    expect(svg).toContain('VPC peering &lt;lab 05&gt;');
  });

  it('draws the three VPCs, the two active peerings and the instances by label', () => {
    for (const name of NAMES) expect(svg).toContain(`>${name}<`);
    expect(svg).toContain('>10.50.0.0/16<');
    expect(svg).toContain('>pcx-0b9cd821777935106<');
    expect(svg.match(/stroke="#1f6feb" stroke-width="5"/g)).toHaveLength(2);
    for (const label of ['EC2A', 'EC2B', 'EC2C']) expect(svg).toContain(`>${label}<`);
  });

  it('marks A⇄B and B⇄C as answering and A⇄C as 100% packet loss', () => {
    expect(svg).toContain('>EC2A ⇄ EC2B: ping OK<');
    expect(svg).toContain('>EC2B ⇄ EC2C: ping OK<');
    expect(svg).toContain('>EC2A ⇄ EC2C: ping NG (100% packet loss)<');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
  });

  it('shows a one-way pair in its own colour', () => {
    const oneWay = rows.map((r, i) => (i === 1 ? { ...r, reachable: true } : r));
    expect(networkDiagramSvg(snapshot, oneWay, { labels: ids })).toContain('EC2A ⇄ EC2C: one way only →');
  });
});
