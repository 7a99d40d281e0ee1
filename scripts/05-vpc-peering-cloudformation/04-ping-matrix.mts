#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 確認 (通信確認): the six pings of the blog, then why each pair answers or not, then the picture.
// On the sandbox the pings are rendered from the data plane's walk; on AWS they run on the instances
// (Systems Manager Run Command; the stack gives them the role when created with HANDSON_TARGET=aws).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain, networkDiagramSvg } from '@handson/dataplane';
import { observeLesson, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { fetchRegionNetwork } from '../_lib/network-snapshot.mts';
import { onAws, SLUG, STACK_NAME, vars } from './lab.mts';
import { LAB } from './manifest.mts';
import {
  BLOG_COUNTS,
  explainRows,
  labInstances,
  matrixOf,
  pingOnInstance,
  simulatedPing,
  waitForSsm,
} from './matrix.mts';

await step(LAB, '04-ping-matrix');

const stackName = vars.get('STACK_NAME') ?? STACK_NAME;
// The whole region's network (a route may point anywhere); the pings need no console output.
const snapshot = await fetchRegionNetwork({ consoleOutput: false });
const instances = await labInstances(stackName, snapshot);
const labels = Object.fromEntries(instances.map((i) => [i.instanceId, i.logicalId]));
const rows = matrixOf(snapshot, instances);

console.log('# 通信確認: 各EC2から他のVPCのEC2へPing');
/** Who answered whom: the pings themselves on AWS, the reachability walk elsewhere. */
const answered = new Map(rows.map((row) => [`${labels[row.from]}>${labels[row.to]}`, row.reachable]));
if (onAws()) {
  await waitForSsm(instances);
  for (const row of rows) {
    const from = instances.find((i) => i.instanceId === row.from)!;
    const to = instances.find((i) => i.instanceId === row.to)!;
    const count = BLOG_COUNTS[`${from.logicalId}>${to.logicalId}`] ?? 5;
    const out = await pingOnInstance(from, to, count);
    process.stdout.write(`\n#${from.logicalId}から${to.logicalId}へのPing\n${out}`);
    const replied = !/ 0 received/.test(out);
    answered.set(`${from.logicalId}>${to.logicalId}`, replied);
    if (replied !== row.reachable)
      console.log(
        `(!) the instances disagree with the describe outputs for this pair: see the explanation below`,
      );
  }
} else {
  for (const row of rows) process.stdout.write(`\n${simulatedPing(row, instances)}`);
}

console.log('\n# なぜ届くか・届かないか (describe-* の出力からの経路評価)');
console.log(explainRows(rows, labels));
const ac = rows.find((r) => labels[r.from] === 'EC2A' && labels[r.to] === 'EC2C')!;
console.log(`# EC2A → EC2C の全ホップ\n${explain(ac.result, 'ja')}\n`);

// The lesson: each peering carries traffic between its two VPCs, and nothing onward (A↔C stays silent).
const expected: Record<string, boolean> = {
  'EC2A>EC2B': true,
  'EC2B>EC2A': true,
  'EC2B>EC2C': true,
  'EC2C>EC2B': true,
  'EC2A>EC2C': false,
  'EC2C>EC2A': false,
};
const wrong = Object.entries(expected).filter(([pair, yes]) => answered.get(pair) !== yes);
observeLesson(
  SLUG,
  'not-transitive',
  wrong.length === 0,
  wrong.length === 0
    ? 'A↔B and B↔C answer, A↔C does not: peering is not transitive'
    : `unexpected: ${wrong.map(([pair, yes]) => `${pair.replace('>', '→')} ${yes ? 'did not answer' : 'answered'}`).join(', ')} (see the hop-by-hop explanation above)`,
);

const FILE_DIAGRAM = join(workDir(SLUG), 'vpc-peering.svg');
writeFileSync(
  FILE_DIAGRAM,
  networkDiagramSvg(snapshot, rows, { labels, title: 'VPC peering: 1↔2, 2↔3 (not transitive)' }),
);
vars.set('FILE_DIAGRAM', FILE_DIAGRAM);
console.log(`図: ${FILE_DIAGRAM}`);
