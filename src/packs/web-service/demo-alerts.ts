import type { Definition } from '../../store/store.js';

/**
 * Alert rules for the demo (see generate.ts for the planted incidents), all
 * notifying the in-app channel:
 * - `checkout-latency` fires on the latency spike (checkout in eu, ×6 for 90 min, 6 days ago);
 * - `api-errors` fires on the error burst (api in us, 35 % 5xx for 45 min, 3 days ago);
 * - `traffic-gap` fires on the hour without any request (10 days ago);
 * - `runaway-cost` fires now: search's compute cost in ap has grown 30 % a day
 *   for 8 days and is still growing at the end of the data, so against the same
 *   two days a week earlier it is several times higher.
 * The first three were firing at their incidents and are normal now (the demo
 * data ends at "now"); test/alerts-demo.test.ts evaluates each at its incident.
 */
export const DEMO_ALERTS: Definition[] = [
  {
    kind: 'channel', name: 'in-app', type: 'in-app',
    description: 'Notifications shown in the web UI (and listed at /api/v1/notifications).',
  },
  {
    kind: 'alert', name: 'checkout-latency',
    description: 'Checkout is slow: its p95 latency is above 900 ms in a region (normally about 450 ms).',
    query: { dataset: 'http_requests', measures: ['p95(duration_ms)'], filter: "service = 'checkout'", groupBy: ['region'] },
    window: '10m', condition: { type: 'threshold', op: '>', value: 900 }, for: '5m', keepFiringFor: '5m', interval: '1m',
    severity: 'critical', labels: { team: 'payments' }, summary: 'checkout p95 in {{labels.region}} is {{value}} ms',
    channels: ['in-app'], groupBy: ['region'],
  },
  {
    kind: 'alert', name: 'api-errors',
    description: 'More than 10 % of API requests fail with a 5xx status in a region.',
    query: { metric: 'error_rate', filter: "service = 'api'", groupBy: ['region'] },
    window: '5m', condition: { type: 'threshold', op: '>', value: 0.1 }, for: '2m', interval: '1m',
    severity: 'critical', labels: { team: 'platform' }, summary: 'API error rate in {{labels.region}} is {{value}}',
    channels: ['in-app'], groupBy: ['region'],
  },
  {
    kind: 'alert', name: 'traffic-gap',
    description: 'No request at all for 5 minutes: the service (or its collector) is down.',
    query: { dataset: 'http_requests' },
    window: '5m', condition: { type: 'nodata' }, interval: '1m', severity: 'critical', labels: { team: 'platform' },
    channels: ['in-app'],
  },
  {
    kind: 'alert', name: 'runaway-cost',
    description: 'A service\'s average daily cloud cost in a region over the last two days is more than 50 % above the same days a week before.',
    // Daily rows stamped at midnight: a step of 1d and `avg` compare average days, whatever the time of evaluation
    // (a plain 2d window ending at 01:00 would hold one midnight now and two a week before).
    query: { metric: 'cost', groupBy: ['service', 'region'], step: '1d' }, reducer: 'avg',
    window: '2d', condition: { type: 'change', mode: 'relative', compareTo: '1w', op: '>', value: 50 }, interval: '5m',
    severity: 'warning', labels: { team: 'finops' }, summary: '{{labels.service}} in {{labels.region}}: cost up {{value}} % week over week',
    channels: ['in-app'], repeatInterval: '24h',
  },
];
