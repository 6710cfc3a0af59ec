import { describe, expect, it } from 'vitest';
import type { Panel } from '../../src/dashboards/schema.js';
import { incrementalQuery, panelFetch } from '../../web/src/panels/panel-request.js';
import { resolveDashboardRange } from '../../web/src/time-range.js';

/** What dashboard panels ask the server for (pure functions of the web app, no browser). */
const NOW = Date.UTC(2026, 10, 23, 3, 30, 12, 345);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('resolveDashboardRange', () => {
  it('fixes relative ends at the instant and keeps absolute ones as written', () => {
    expect(resolveDashboardRange({ from: '-7d', to: 'now' }, NOW)).toEqual({ from: iso(NOW - 7 * 24 * HOUR), to: iso(NOW) });
    expect(resolveDashboardRange({ from: '2026-01-01T00:00:00Z', to: 'now-1h' }, NOW)).toEqual({ from: '2026-01-01T00:00:00Z', to: iso(NOW - HOUR) });
    // Text that is not a time stays for the server to name.
    expect(resolveDashboardRange({ from: '-7x', to: 'now' }, NOW).from).toBe('-7x');
  });
});

describe('panelFetch with the dashboard instant', () => {
  const stat: Panel = { id: 's', title: 'S', type: 'stat', query: { metric: 'requests', step: '1h' }, layout: { x: 0, y: 0, w: 4, h: 4 } };
  const forecast: Panel = { id: 'f', title: 'F', type: 'forecast', query: { metric: 'requests', step: '1h' }, options: { horizon: 24 }, layout: { x: 0, y: 0, w: 4, h: 4 } };
  const ctx = { range: { from: '-7d', to: 'now' }, filters: [], now: NOW };
  it('panels of the same series send the same query, over one window', () => {
    const a = panelFetch(stat, ctx);
    const b = panelFetch(forecast, ctx);
    if (a.kind !== 'query' || b.kind !== 'forecast') throw new Error(`unexpected kinds ${a.kind} ${b.kind}`);
    expect(JSON.stringify(b.body.query)).toBe(JSON.stringify(a.query));
    expect(a.query).toMatchObject({ from: iso(NOW - 7 * 24 * HOUR), to: iso(NOW) });
  });
  it('a panel range in epoch ms stays a number; without an instant the text goes as written', () => {
    const fixed = panelFetch({ ...stat, query: { ...stat.query, from: NOW - HOUR * 5, to: NOW } }, ctx);
    expect(fixed.kind === 'query' && [fixed.query.from, fixed.query.to]).toEqual([NOW - HOUR * 5, NOW]);
    const relative = panelFetch(stat, { ...ctx, now: undefined });
    expect(relative.kind === 'query' && [relative.query.from, relative.query.to]).toEqual(['-7d', 'now']);
  });
});

describe('incrementalQuery', () => {
  const q = { metric: 'requests', step: '1h', from: iso(NOW - 24 * HOUR), to: iso(NOW) };
  it('starts at the bucket of the oldest new row', () => {
    expect(incrementalQuery(q, NOW - 90_000, NOW)?.from).toBe(Math.floor((NOW - 90_000) / HOUR) * HOUR);
  });
  it('rows older than the window count from its start; rows after its end change nothing', () => {
    expect(incrementalQuery(q, NOW - 48 * HOUR, NOW)?.from).toBe(NOW - 24 * HOUR);
    expect(incrementalQuery(q, NOW + 2 * HOUR, NOW)).toBeNull();
    expect(incrementalQuery({ ...q, step: undefined }, NOW, NOW)).toBeNull();
  });
  it('a relative window is resolved at the given instant', () => {
    expect(incrementalQuery({ ...q, from: '-1h', to: 'now' }, NOW - 5 * HOUR, NOW)?.from).toBe(NOW - HOUR);
  });
});
