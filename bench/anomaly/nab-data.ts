/**
 * Loads the NAB subset in ../shared/data/nab-dev (see its README): every
 * `data/<category>/<file>.csv` (`timestamp,value`) with its windows from
 * `labels/combined_windows.json`, mapped to inclusive row indices.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NabSeries } from '../../src/analytics/anomaly/index.js';

export interface NabFile extends NabSeries {
  readonly category: string;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` read as UTC milliseconds. */
function parseTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a NAB timestamp: ${JSON.stringify(text)}`);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}

export function defaultNabDir(): string {
  return path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'nab-dev');
}

export function loadNab(dir = defaultNabDir()): NabFile[] {
  const windows = JSON.parse(fs.readFileSync(path.join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const files: NabFile[] = [];
  for (const name of Object.keys(windows).sort()) {
    const text = fs.readFileSync(path.join(dir, 'data', name), 'utf8');
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines[0].trim() !== 'timestamp,value') throw new Error(`${name}: unexpected header ${lines[0]}`);
    const n = lines.length - 1;
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const line = lines[i + 1];
      const comma = line.indexOf(',');
      timestamps[i] = parseTimestamp(line.slice(0, comma));
      values[i] = Number(line.slice(comma + 1));
      if (!Number.isFinite(values[i])) throw new Error(`${name}: row ${i + 1} value ${line.slice(comma + 1)}`);
    }
    const idx = windows[name].map(([a, b]): [number, number] => {
      const ta = parseTimestamp(a);
      const tb = parseTimestamp(b);
      let s = 0;
      while (s < n && timestamps[s] < ta) s++;
      let e = n - 1;
      while (e >= 0 && timestamps[e] > tb) e--;
      if (s > e) throw new Error(`${name}: window ${a}…${b} holds no rows`);
      return [s, e];
    });
    files.push({ name, category: name.split('/')[0], length: n, windows: idx, timestamps, values });
  }
  return files;
}
