import type { Definition } from '../../store/store.js';

/**
 * The demo's KPIs, over the demo metrics. Targets are set against the generated
 * data (checked with a real run) so the scorecard and its history show a mix:
 * - availability ≈ 99.6 % against 99.9 %: good on ordinary days, below good on
 *   the day of the planted error burst (thresholds tightened: for availability a
 *   tenth of a percent matters, so "good" is ≥ 99.6 % of target, i.e. ≥ 99.5 %);
 * - p95 latency ≈ 285 ms against 260 ms: good, average on the latency-spike day;
 * - requests: excellent on weekdays (≈ 90k against 85k), poor at weekends (≈ 60k);
 * - weekly cloud cost ≈ $18.5k against a $17.5k budget: good, average in the
 *   week of the runaway search cost.
 */
export const DEMO_KPIS: Definition[] = [
  {
    kind: 'kpi', name: 'availability', title: 'Availability',
    description: 'Share of requests answered without a 5xx status, per day',
    query: { metric: 'error_rate' }, transform: '1 - value', period: 'day', target: 0.999, direction: 'higher', weight: 3,
    thresholds: { excellent: 100, good: 99.6, average: 99.5 },
  },
  {
    kind: 'kpi', name: 'p95_latency', title: 'p95 latency',
    description: '95th percentile of request duration over the day, in ms',
    query: { metric: 'p95_latency' }, period: 'day', target: 260, direction: 'lower', weight: 2,
  },
  {
    kind: 'kpi', name: 'daily_requests', title: 'Daily requests',
    description: 'Requests served per day',
    query: { metric: 'requests' }, period: 'day', target: 85000, direction: 'higher', weight: 1,
  },
  {
    kind: 'kpi', name: 'weekly_cloud_cost', title: 'Cloud cost per week',
    description: 'Cloud cost per week (Monday to Sunday, UTC) against the budget',
    query: { metric: 'cost' }, period: 'week', target: 17500, direction: 'lower', weight: 2,
  },
];
