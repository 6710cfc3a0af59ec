import { describe, expect, it } from 'vitest';
import { DAY, generateCloudCosts, generateHttpRequests, incidents } from './generate.js';

const END = Date.UTC(2026, 10, 22, 12);
const opts = { end: END, days: 14, perMinute: 8, seed: 3 };

function rows() {
  const out: { t: number; service: string; region: string; status: number; d: number }[] = [];
  for (const b of generateHttpRequests(opts, 10_000)) {
    for (let i = 0; i < b.length; i++) out.push({ t: b.values[0][i] as number, service: b.values[1][i] as string, region: b.values[3][i] as string, status: b.values[4][i] as number, d: b.values[5][i] as number });
  }
  return out;
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

describe('demo data', () => {
  const all = rows();
  const inc = incidents(END);

  it('is deterministic', () => {
    expect(rows()).toEqual(all);
    expect(generateCloudCosts(opts)).toEqual(generateCloudCosts(opts));
  });

  it('covers the range in time order with daily seasonality', () => {
    expect(all[0].t).toBeGreaterThanOrEqual(END - 14 * DAY);
    expect(all.at(-1)!.t).toBeLessThan(END);
    const byHour = new Array(24).fill(0);
    for (const r of all) byHour[new Date(r.t).getUTCHours()]++;
    expect(Math.max(...byHour) / Math.min(...byHour)).toBeGreaterThan(2);
  });

  it('has a gap with no rows', () => {
    expect(all.filter((r) => r.t >= inc.gap.from && r.t < inc.gap.to)).toHaveLength(0);
  });

  it('has a latency spike for checkout in eu', () => {
    const sel = (inside: boolean) => all.filter((r) => r.service === 'checkout' && r.region === 'eu' && (r.t >= inc.latencySpike.from && r.t < inc.latencySpike.to) === inside).map((r) => r.d);
    expect(median(sel(true)) / median(sel(false))).toBeGreaterThan(4);
  });

  it('has an error burst for api in us', () => {
    const rate = (inside: boolean) => {
      const sel = all.filter((r) => r.service === 'api' && r.region === 'us' && (r.t >= inc.errorBurst.from && r.t < inc.errorBurst.to) === inside);
      return sel.filter((r) => r.status >= 500).length / sel.length;
    };
    expect(rate(true)).toBeGreaterThan(0.2);
    expect(rate(false)).toBeLessThan(0.01);
  });

  it('has one runaway cost', () => {
    const c = generateCloudCosts(opts);
    const cost = (day: number) => {
      let s = 0;
      for (let i = 0; i < c.length; i++) if (c.values[0][i] === day && c.values[1][i] === 'search' && c.values[3][i] === 'ap' && c.values[4][i] === 'compute') s += c.values[5][i] as number;
      return s;
    };
    const last = Math.floor(END / DAY) * DAY - DAY;
    expect(cost(last) / cost(inc.runawayFrom - 2 * DAY)).toBeGreaterThan(5);
  });
});
