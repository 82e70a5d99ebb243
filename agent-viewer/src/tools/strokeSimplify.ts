/**
 * Simplifies a freehand stroke to the protocol's point budget with Ramer–Douglas–Peucker.
 * One pass ranks every point by the tolerance at which RDP would drop it, so fitting a budget
 * needs no repeated runs. Pure and iterative (long strokes cannot overflow the call stack);
 * very long inputs are thinned evenly first to bound the worst case (O(n²) on periodic strokes).
 */
import type { XY } from './markGeometry';

/** Most points handed to RDP; longer strokes are thinned evenly first. */
export const MAX_RDP_INPUT = 2000;

/** Distance from `p` to the segment a–b (to `a` when the segment has no length). */
export function distanceToSegment(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq));
  const ex = p.x - (a.x + t * dx);
  const ey = p.y - (a.y + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

/** Drops consecutive points that repeat the previous one. */
export function dropRepeats(points: readonly XY[]): XY[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x || p.y !== points[i - 1]!.y);
}

/**
 * For each point, the largest RDP tolerance that still keeps it (ends: Infinity). A point's
 * rank never exceeds its parent split's, so "rank > t" is exactly RDP at tolerance t.
 */
export function rdpRanks(points: readonly XY[]): number[] {
  const ranks = new Array<number>(points.length).fill(0);
  if (!points.length) return ranks;
  ranks[0] = Infinity;
  ranks[points.length - 1] = Infinity;
  const ranges: Array<[start: number, end: number, cap: number]> = [[0, points.length - 1, Infinity]];
  while (ranges.length) {
    const [start, end, cap] = ranges.pop()!;
    if (end - start < 2) continue;
    let farthest = start + 1;
    let farthestDistance = -1;
    for (let i = start + 1; i < end; i++) {
      const d = distanceToSegment(points[i]!, points[start]!, points[end]!);
      if (d > farthestDistance) {
        farthest = i;
        farthestDistance = d;
      }
    }
    const rank = Math.min(farthestDistance, cap);
    ranks[farthest] = rank;
    ranges.push([start, farthest, rank], [farthest, end, rank]);
  }
  return ranks;
}

/** Ramer–Douglas–Peucker: keeps the points that deviate more than `tolerance` px. */
export function rdp(points: readonly XY[], tolerance: number): XY[] {
  const ranks = rdpRanks(points);
  return points.filter((_, i) => ranks[i]! > tolerance);
}

/** Keeps evenly spread points (always the first and last) so at most `max` (≥ 2) remain. */
export function decimate(points: readonly XY[], max: number): XY[] {
  if (points.length <= max) return points.slice();
  const out: XY[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/**
 * A stroke of at most `maxPoints` (≥ 2) points: repeats dropped, RDP at `tolerance` px, and
 * when that is still too many, the `maxPoints` most significant points (RDP at a coarser
 * tolerance).
 */
export function simplifyStroke(points: readonly XY[], maxPoints: number, tolerance = 0.5): XY[] {
  if (maxPoints < 2) throw new RangeError('maxPoints must be at least 2');
  const input = decimate(dropRepeats(points), MAX_RDP_INPUT);
  const ranks = rdpRanks(input);
  let kept = input.map((_, i) => i).filter((i) => ranks[i]! > tolerance);
  if (kept.length > maxPoints) kept = kept.sort((a, b) => ranks[b]! - ranks[a]! || a - b).slice(0, maxPoints).sort((a, b) => a - b);
  return kept.map((i) => input[i]!);
}
