import type { DatasetDef } from '../../core/dataset.js';
import type { RowBatch } from '../../store/store.js';
import { createRandom } from '../random.js';

/**
 * The demo scenario: a web service and its cloud bill. Deterministic for a given
 * `end` (the generator never reads the clock). Planted, so that later features
 * have something true to find:
 * - a latency spike: checkout in eu, 6 days before `end`, 14:00–15:30 UTC, ×6 latency;
 * - an error burst: api in us, 3 days before `end`, 10:00–10:45 UTC, 35 % 5xx;
 * - a gap: no requests at all 10 days before `end`, 02:00–03:00 UTC;
 * - a runaway cost: search's compute cost in ap grows 30 % a day over the last 8 days.
 */
export const DAY = 86_400_000;

export const httpRequests: DatasetDef = {
  kind: 'dataset',
  name: 'http_requests',
  description: 'One row per HTTP request served (demo data).',
  timeColumn: 'time',
  columns: [
    { name: 'time', type: 'time' },
    { name: 'service', type: 'string' },
    { name: 'endpoint', type: 'string' },
    { name: 'region', type: 'string' },
    { name: 'status', type: 'number' },
    { name: 'duration_ms', type: 'number' },
    { name: 'bytes', type: 'number' },
  ],
};

export const cloudCosts: DatasetDef = {
  kind: 'dataset',
  name: 'cloud_costs',
  description: 'Daily cloud cost by service, team, region and resource (demo data).',
  timeColumn: 'date',
  columns: [
    { name: 'date', type: 'time' },
    { name: 'service', type: 'string' },
    { name: 'team', type: 'string' },
    { name: 'region', type: 'string' },
    { name: 'resource', type: 'string' },
    { name: 'cost_usd', type: 'number' },
  ],
};

const SERVICES = [
  { name: 'web', share: 0.35, endpoints: ['/', '/product', '/search'], latency: 80, team: 'frontend' },
  { name: 'api', share: 0.3, endpoints: ['/v1/items', '/v1/users', '/v1/orders'], latency: 45, team: 'platform' },
  { name: 'checkout', share: 0.12, endpoints: ['/checkout', '/cart', '/payment'], latency: 180, team: 'payments' },
  { name: 'search', share: 0.15, endpoints: ['/query', '/suggest'], latency: 120, team: 'discovery' },
  { name: 'auth', share: 0.08, endpoints: ['/login', '/token'], latency: 35, team: 'platform' },
] as const;
const REGIONS = [{ name: 'eu', share: 0.4 }, { name: 'us', share: 0.45 }, { name: 'ap', share: 0.15 }] as const;

export interface DemoOptions {
  /** End of the generated range (epoch ms); rounded down to the minute. */
  end: number;
  days?: number;
  /** Mean requests per minute at the start of the range. */
  perMinute?: number;
  seed?: number;
}

export function incidents(end: number) {
  const dayStart = (n: number) => Math.floor(end / DAY) * DAY - n * DAY;
  return {
    latencySpike: { from: dayStart(6) + 14 * 3_600_000, to: dayStart(6) + 15.5 * 3_600_000, service: 'checkout', region: 'eu' },
    errorBurst: { from: dayStart(3) + 10 * 3_600_000, to: dayStart(3) + 10.75 * 3_600_000, service: 'api', region: 'us' },
    gap: { from: dayStart(10) + 2 * 3_600_000, to: dayStart(10) + 3 * 3_600_000 },
    runawayFrom: dayStart(8),
  };
}

/** Requests as column batches of at most `batchSize` rows, in time order. */
export function* generateHttpRequests(opts: DemoOptions, batchSize = 200_000): Generator<RowBatch> {
  const rnd = createRandom(opts.seed ?? 42);
  const end = Math.floor(opts.end / 60_000) * 60_000;
  const days = opts.days ?? 35;
  const start = end - days * DAY;
  const perMinute = opts.perMinute ?? 50;
  const inc = incidents(end);
  let cols: (string | number | boolean | null)[][] = httpRequests.columns.map(() => []);
  for (let minute = start; minute < end; minute += 60_000) {
    if (minute >= inc.gap.from && minute < inc.gap.to) continue;
    const hour = (minute % DAY) / 3_600_000;
    const weekday = new Date(minute).getUTCDay();
    const daily = 1 + 0.6 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
    const weekly = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const growth = 1 + 0.3 * ((minute - start) / (end - start));
    const n = rnd.poisson(perMinute * daily * weekly * growth);
    for (let i = 0; i < n; i++) {
      const t = minute + Math.floor(rnd.next() * 60_000);
      let r = rnd.next();
      const svc = SERVICES.find((s) => (r -= s.share) < 0) ?? SERVICES[0];
      r = rnd.next();
      const region = (REGIONS.find((g) => (r -= g.share) < 0) ?? REGIONS[0]).name;
      const endpoint = rnd.pick(svc.endpoints);
      let latency = svc.latency * Math.exp(0.5 * rnd.normal()) * (1 + 0.15 * daily);
      if (t >= inc.latencySpike.from && t < inc.latencySpike.to && svc.name === inc.latencySpike.service && region === inc.latencySpike.region) latency *= 6;
      const burst = t >= inc.errorBurst.from && t < inc.errorBurst.to && svc.name === inc.errorBurst.service && region === inc.errorBurst.region;
      const u = rnd.next();
      const status = burst && u < 0.35 ? 503 : u < 0.004 ? 500 : u < 0.025 ? 404 : u < 0.03 ? 401 : 200;
      cols[0].push(t);
      cols[1].push(svc.name);
      cols[2].push(endpoint);
      cols[3].push(region);
      cols[4].push(status);
      cols[5].push(Math.round(latency * 10) / 10);
      cols[6].push(status === 200 ? Math.round(2000 + 30000 * rnd.next()) : 300);
      if (cols[0].length >= batchSize) {
        yield { columns: httpRequests.columns, values: cols, length: cols[0].length };
        cols = httpRequests.columns.map(() => []);
      }
    }
  }
  if (cols[0].length) yield { columns: httpRequests.columns, values: cols, length: cols[0].length };
}

/** Daily costs per (service, team, region, resource). */
export function generateCloudCosts(opts: DemoOptions): RowBatch {
  const rnd = createRandom((opts.seed ?? 42) + 1);
  const end = Math.floor(opts.end / DAY) * DAY;
  const days = opts.days ?? 35;
  const inc = incidents(opts.end);
  const cols: (string | number | null)[][] = cloudCosts.columns.map(() => []);
  const resources = [{ name: 'compute', base: 120 }, { name: 'storage', base: 40 }, { name: 'network', base: 18 }];
  for (let day = end - days * DAY; day < end; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    for (const svc of SERVICES) {
      for (const region of REGIONS) {
        for (const res of resources) {
          let cost = res.base * svc.share * 5 * region.share * 3 * (1 + 0.002 * ((day - end) / DAY + days));
          if (res.name === 'compute' && (weekday === 0 || weekday === 6)) cost *= 0.8;
          cost *= 1 + 0.05 * rnd.normal();
          if (svc.name === 'search' && region.name === 'ap' && res.name === 'compute' && day >= inc.runawayFrom) {
            cost *= Math.pow(1.3, (day - inc.runawayFrom) / DAY + 1);
          }
          cols[0].push(day);
          cols[1].push(svc.name);
          cols[2].push(svc.team);
          cols[3].push(region.name);
          cols[4].push(res.name);
          cols[5].push(Math.round(cost * 100) / 100);
        }
      }
    }
  }
  return { columns: cloudCosts.columns, values: cols, length: cols[0].length };
}
