import { useId } from 'react';
import { linePath, paddedExtent } from './line-path.js';

export interface LinePoint {
  t: number;
  v: number | null;
}

/**
 * A small SVG line chart for KPI history: one line, an optional target line,
 * UTC date labels at both ends. Enough for a trend; the dashboards use ECharts.
 */
export function LineChart({ points, target, label, width = 520, height = 140, format = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 }) }: {
  points: LinePoint[];
  target?: number | null;
  label: string;
  width?: number;
  height?: number;
  format?: (v: number) => string;
}) {
  const id = useId();
  const pad = { l: 56, r: 12, t: 10, b: 22 };
  const vals = points.map((p) => p.v).filter((v): v is number => v !== null && Number.isFinite(v));
  if (target !== null && target !== undefined) vals.push(target);
  if (points.length === 0 || vals.length === 0) return <p className="muted">No history for this period.</p>;
  const [lo, hi] = paddedExtent(vals);
  const t0 = points[0].t;
  const t1 = points[points.length - 1].t;
  const x = (t: number) => pad.l + (t1 === t0 ? (width - pad.l - pad.r) / 2 : ((t - t0) / (t1 - t0)) * (width - pad.l - pad.r));
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
  const segments = linePath(points.map((p) => (p.v === null ? null : [x(p.t), y(p.v)])));
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return (
    <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t`} style={{ maxWidth: width }}>
      <title id={`${id}-t`}>{`${label}: ${points.length} periods from ${day(t0)} to ${day(t1)}; last value ${points[points.length - 1].v === null ? 'none' : format(points[points.length - 1].v!)}`}</title>
      <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} stroke="var(--border)" />
      <text x={pad.l - 6} y={y(hi) + 4} textAnchor="end" fontSize="10" fill="var(--muted)">
        {format(hi)}
      </text>
      <text x={pad.l - 6} y={y(lo) + 4} textAnchor="end" fontSize="10" fill="var(--muted)">
        {format(lo)}
      </text>
      <text x={pad.l} y={height - 6} fontSize="10" fill="var(--muted)">
        {day(t0)}
      </text>
      <text x={width - pad.r} y={height - 6} fontSize="10" textAnchor="end" fill="var(--muted)">
        {day(t1)}
      </text>
      {target !== null && target !== undefined && (
        <line x1={pad.l} x2={width - pad.r} y1={y(target)} y2={y(target)} stroke="var(--muted)" strokeDasharray="4 3">
          <title>{`target ${format(target)}`}</title>
        </line>
      )}
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" stroke="var(--accent)" strokeWidth="2" />
      ))}
      {points.map((p) =>
        p.v === null ? null : (
          <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r="2.5" fill="var(--accent)">
            <title>{`${day(p.t)}: ${format(p.v)}`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
