import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlmanac, type Almanac } from '../src/almanac.js';
import { DAY, incidents } from '../src/packs/web-service/generate.js';
import { loadDemo } from '../src/packs/web-service/load-demo.js';
import { parseRule } from '../src/watch/alerts/rule-kind.js';
import type { AlertDoc } from '../src/watch/alerts/rule-schema.js';
import { runRound, type Enqueue } from '../src/watch/alerts/run-rule.js';
import { tempDir } from './helpers/server.js';

/**
 * The demo's rules against the demo's data: each fires at its planted incident,
 * and the runaway cost fires on the data as it is at the end ("now").
 * Rules are evaluated in dry-run at chosen times, so nothing is stored between cases.
 */
let almanac: Almanac;
const END = Date.UTC(2026, 2, 18, 17, 23);
const inc = incidents(END);
const noSend: Enqueue = async () => { throw new Error('a dry run must not notify'); };

beforeAll(async () => {
  almanac = await openAlmanac({ dataDir: tempDir(), logger: pino({ level: 'silent' }) });
  await loadDemo(almanac, 'default', { end: END, days: 12, perMinute: 20 });
}, 120_000);
afterAll(async () => { await almanac.close(); });

async function rule(name: string) {
  const doc = (await almanac.store.listDefinitions('default', 'alert')).find((d) => d.name === name);
  expect(doc, name).toBeDefined();
  return parseRule(doc as unknown as AlertDoc);
}
async function evaluateAt(name: string, now: number) {
  const out = await runRound(almanac, 'default', await rule(name), { now, dryRun: true, enqueue: noSend });
  return Object.fromEntries(out.instances.map((i) => [i.key, i]));
}
const met = (i: { result: { kind: string; met?: boolean } } | undefined) => i?.result.kind === 'ok' && i.result.met === true;

describe('demo alert rules', () => {
  it('ship with an in-app channel that every rule notifies', async () => {
    const channels = await almanac.store.listDefinitions('default', 'channel');
    expect(channels.map((c) => `${c.name}:${c.type}`)).toContain('in-app:in-app');
    const rules = await almanac.store.listDefinitions('default', 'alert');
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const r of rules) expect(r.channels).toEqual(['in-app']);
  });

  it('checkout-latency: met for checkout in eu during the latency spike, and only there', async () => {
    const during = await evaluateAt('checkout-latency', inc.latencySpike.from + 30 * 60_000);
    expect(met(during['region=eu']), JSON.stringify(during['region=eu']?.result)).toBe(true);
    expect(met(during['region=us'])).toBe(false);
    const dayBefore = await evaluateAt('checkout-latency', inc.latencySpike.from + 30 * 60_000 - DAY);
    expect(Object.values(dayBefore).some(met)).toBe(false);
  });

  it('api-errors: met for api in us during the error burst, not an hour later', async () => {
    const during = await evaluateAt('api-errors', inc.errorBurst.from + 20 * 60_000);
    expect(met(during['region=us']), JSON.stringify(during['region=us']?.result)).toBe(true);
    const later = await evaluateAt('api-errors', inc.errorBurst.to + 60 * 60_000);
    expect(Object.values(later).some(met)).toBe(false);
  });

  it('traffic-gap: met inside the hour without requests, not outside it', async () => {
    expect(met((await evaluateAt('traffic-gap', inc.gap.from + 10 * 60_000))[''])).toBe(true);
    expect(met((await evaluateAt('traffic-gap', inc.gap.to + 10 * 60_000))[''])).toBe(false);
  });

  it('runaway-cost fires on the data as it is now, for search in ap only', async () => {
    // At the end of the data and at other times of the same day (daily rows are stamped at midnight).
    for (const at of [END, Math.floor(END / DAY) * DAY + 60_000, Math.floor(END / DAY) * DAY + DAY - 60_000]) {
      const now = await evaluateAt('runaway-cost', at);
      const firing = Object.entries(now).filter(([, i]) => i.to === 'firing').map(([k]) => k);
      expect(firing, new Date(at).toISOString()).toEqual(['region=ap,service=search']);
      // Everything else is within noise of a week before (the generator's costs grow 0.2 % a day, ±5 % noise).
      const others = Object.entries(now).filter(([k]) => k !== 'region=ap,service=search').map(([, i]) => (i.result as { value: number }).value);
      expect(Math.max(...others.map(Math.abs)), new Date(at).toISOString()).toBeLessThan(20);
    }
  });
});
