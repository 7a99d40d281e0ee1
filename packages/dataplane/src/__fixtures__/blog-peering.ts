import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkSnapshot } from '../snapshot';

/** Lab 05's data lives with its lab, not in this package. */
const BLOG_PEERING = join(__dirname, '../../../../scripts/05-vpc-peering-cloudformation/fixtures/blog-peering.json');

/**
 * The blog's Lab 05 network (seed lines 5–285) as describe-* outputs: three VPCs, peering 1↔2 and 2↔3, and
 * route tables that even route 1→3 and 3→1 over those peerings, as the blog's tables show. A fresh copy on
 * each call: tests change theirs.
 */
export function blogPeeringSnapshot(): NetworkSnapshot {
  return JSON.parse(readFileSync(BLOG_PEERING, 'utf8')) as NetworkSnapshot;
}
