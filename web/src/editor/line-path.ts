/** Geometry for the small SVG line chart (pure). */

/** Min and max with 5 % headroom (and a unit range around a constant). */
export function paddedExtent(vals: number[]): [number, number] {
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (lo === hi) return [lo - Math.max(1, Math.abs(lo) * 0.1), hi + Math.max(1, Math.abs(hi) * 0.1)];
  const padding = (hi - lo) * 0.05;
  lo -= padding;
  hi += padding;
  return [lo, hi];
}

/** SVG path data for a line with gaps: one `M…L…` per run of non-null points. */
export function linePath(points: ([number, number] | null)[]): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of points) {
    if (!p) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += `${cur ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
  }
  if (cur) out.push(cur);
  return out;
}
