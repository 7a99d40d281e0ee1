/**
 * How far a received sequence is from the sent one. `order[i]` is the send number (1-based) of the i-th
 * message received.
 */

/** How many messages arrived in place: the i-th received was the i-th sent. */
export function countInPlace(order: number[]): number {
  return order.filter((sent, index) => sent === index + 1).length;
}

/**
 * Kendall's tau between receive position and send number: 1 when the order is kept, -1 when reversed, near 0
 * when unrelated. The O(n²) pair count is plenty for a few dozen messages; ties count for neither side (tau-a).
 */
export function kendallTau(order: number[]): number {
  const n = order.length;
  if (n < 2) throw new RangeError('Kendall tau needs at least two values');
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = order[j]! - order[i]!;
      if (d > 0) concordant++;
      else if (d < 0) discordant++;
    }
  }
  return (concordant - discordant) / ((n * (n - 1)) / 2);
}
