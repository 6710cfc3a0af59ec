import type { DashboardDoc } from '../../dashboards/schema.js';

/**
 * The demo's dashboards. They tell the story planted by `generate.ts`, relative
 * to the end of the generated range (normally the moment the demo was loaded):
 * the checkout latency spike in eu 6 days back and the api error burst in us 3
 * days back both fall inside the web-service overview's default 7 days; the
 * runaway search compute cost in ap (the last 8 days) dominates the right end of
 * the cost overview's 30 days.
 */
export const WEB_SERVICE_OVERVIEW: DashboardDoc = {
  kind: 'dashboard',
  name: 'web_service_overview',
  title: 'Web service overview',
  description: 'Traffic, latency and errors of the demo web service over the last week, with the planted incidents.',
  tags: ['demo', 'web'],
  time: { from: '-7d', to: 'now' },
  refresh: 'off',
  variables: [
    { name: 'region', label: 'Region', dataset: 'http_requests', column: 'region', multi: true },
    { name: 'service', label: 'Service', dataset: 'http_requests', column: 'service', multi: true },
  ],
  panels: [
    {
      id: 'about', title: 'About this dashboard', type: 'text', layout: { x: 0, y: 0, w: 8, h: 7 },
      options: {
        markdown: [
          '**The demo web service**, one row per request in `http_requests`.',
          '',
          'Two incidents are planted in this week:',
          '- **Latency spike** — *checkout* in *eu*, six days ago, 14:00–15:30 UTC: latency ×6. See *Latency percentiles* and *p95 latency by service*.',
          '- **Error burst** — *api* in *us*, three days ago, 10:00–10:45 UTC: 35 % of requests fail. See *Error rate*, *Errors by region* and the anomaly panel.',
          '',
          'Click a bar or a series to filter the dashboard by it; turn on **Live** to watch new rows arrive.',
        ].join('\n'),
      },
    },
    { id: 'requests', title: 'Requests per hour', type: 'stat', query: { metric: 'requests', step: '1h' }, layout: { x: 8, y: 0, w: 4, h: 7 } },
    { id: 'error_rate_now', title: 'Error rate, last hour', type: 'stat', query: { metric: 'error_rate', step: '1h' }, options: { format: 'percent', decimals: 2, thresholds: [0.01, 0.05] }, layout: { x: 12, y: 0, w: 4, h: 7 } },
    { id: 'kpis', title: 'KPIs', type: 'kpi', layout: { x: 16, y: 0, w: 4, h: 7 } },
    { id: 'alerts', title: 'Alerts', type: 'alerts', layout: { x: 20, y: 0, w: 4, h: 7 } },
    {
      id: 'traffic', title: 'Traffic by service', type: 'timeseries', description: 'Requests per hour, stacked by service.',
      query: { dataset: 'http_requests', measures: ['count()'], groupBy: ['service'], step: '1h' },
      options: { area: true, stack: true, unit: 'requests' }, layout: { x: 0, y: 7, w: 12, h: 9 },
    },
    {
      id: 'latency', title: 'Latency percentiles', type: 'timeseries', description: 'p50, p95 and p99 of request duration per hour; the checkout spike shows in p99.',
      query: { dataset: 'http_requests', measures: ['p50(duration_ms)', 'p95(duration_ms)', 'p99(duration_ms)'], step: '1h' },
      options: { unit: 'ms', format: 'duration-ms' }, layout: { x: 12, y: 7, w: 12, h: 9 },
    },
    {
      id: 'errors_by_region', title: 'Errors by region', type: 'bar', description: '5xx responses per hour, stacked by region.',
      query: { dataset: 'http_requests', measures: ['count_if(status >= 500)'], groupBy: ['region'], step: '1h' },
      options: { stack: true, unit: 'errors' }, layout: { x: 0, y: 16, w: 12, h: 9 },
    },
    {
      id: 'error_rate', title: 'Error rate', type: 'timeseries', description: 'Share of 5xx responses per hour.',
      query: { metric: 'error_rate', step: '1h' }, options: { format: 'percent', decimals: 2 }, layout: { x: 12, y: 16, w: 12, h: 9 },
    },
    {
      id: 'latency_by_service', title: 'p95 latency by service', type: 'timeseries',
      query: { dataset: 'http_requests', measures: ['p95(duration_ms)'], groupBy: ['service'], step: '1h' },
      options: { unit: 'ms', format: 'duration-ms' }, layout: { x: 0, y: 25, w: 12, h: 9 },
    },
    {
      id: 'error_anomalies', title: 'Anomalies in the error rate', type: 'anomaly', description: 'Each hour scored against the hours before it; flagged points are outside the band.',
      query: { metric: 'error_rate', step: '1h' }, options: { sensitivity: 'medium', format: 'percent' }, layout: { x: 12, y: 25, w: 12, h: 9 },
    },
    {
      id: 'traffic_forecast', title: 'Traffic forecast (next 24 hours)', type: 'forecast', description: 'Requests per hour with the forecast and its 80 % and 95 % intervals.',
      query: { metric: 'requests', step: '1h' }, options: { horizon: 24, unit: 'requests' }, layout: { x: 0, y: 34, w: 16, h: 9 },
    },
    {
      id: 'requests_by_region', title: 'Requests by region', type: 'pie',
      query: { dataset: 'http_requests', measures: ['count()'], groupBy: ['region'] }, options: { donut: true }, layout: { x: 16, y: 34, w: 8, h: 9 },
    },
  ],
};

export const CLOUD_COST_OVERVIEW: DashboardDoc = {
  kind: 'dashboard',
  name: 'cloud_cost_overview',
  title: 'Cloud cost overview',
  description: 'Daily cloud cost by team, service, region and resource over the last 30 days, with the runaway search cost.',
  tags: ['demo', 'cost'],
  time: { from: '-30d', to: 'now' },
  refresh: 'off',
  colorScheme: 'okabe-ito',
  variables: [
    { name: 'team', label: 'Team', dataset: 'cloud_costs', column: 'team', multi: true },
    { name: 'region', label: 'Region', dataset: 'cloud_costs', column: 'region', multi: true },
  ],
  panels: [
    {
      id: 'about', title: 'About this dashboard', type: 'text', layout: { x: 0, y: 0, w: 8, h: 8 },
      options: {
        markdown: [
          '**The demo cloud bill**, one row per day, service, region and resource in `cloud_costs`.',
          '',
          '**Runaway cost**: *search*\'s compute in *ap* grows 30 % a day over the last 8 days. It shows as the growing *search* band in *Cost by service* and in *discovery*\'s share by team.',
          '',
          'Click a slice or a bar to filter the dashboard by that team or service.',
        ].join('\n'),
      },
    },
    { id: 'total', title: 'Cost per day', type: 'stat', query: { metric: 'cost', step: '1d' }, options: { format: 'currency' }, layout: { x: 8, y: 0, w: 6, h: 8 } },
    {
      id: 'by_team_pie', title: 'Cost by team', type: 'pie',
      query: { metric: 'cost', groupBy: ['team'] }, options: { donut: true, format: 'currency' }, layout: { x: 14, y: 0, w: 10, h: 8 },
    },
    {
      id: 'by_service', title: 'Cost by service', type: 'timeseries', description: 'Daily cost, stacked by service: search runs away at the end.',
      query: { metric: 'cost', groupBy: ['service'], step: '1d' }, options: { area: true, stack: true, format: 'currency' }, layout: { x: 0, y: 8, w: 12, h: 10 },
    },
    {
      id: 'by_team', title: 'Cost by team per day', type: 'bar',
      query: { metric: 'cost', groupBy: ['team'], step: '1d' }, options: { stack: true, format: 'currency' }, layout: { x: 12, y: 8, w: 12, h: 10 },
    },
    {
      id: 'search_by_resource', title: 'Search cost by region and resource', type: 'timeseries', description: 'The runaway, isolated: search compute in ap.',
      query: { metric: 'cost', filter: "service = 'search'", groupBy: ['region', 'resource'], step: '1d', limit: 5 }, options: { format: 'currency' }, layout: { x: 0, y: 18, w: 12, h: 10 },
    },
    {
      id: 'table', title: 'Cost by service, region and resource', type: 'table',
      query: { metric: 'cost', groupBy: ['service', 'region', 'resource'], limit: 50 }, options: { format: 'currency' }, layout: { x: 12, y: 18, w: 12, h: 10 },
    },
  ],
};

export const DEMO_DASHBOARDS: DashboardDoc[] = [WEB_SERVICE_OVERVIEW, CLOUD_COST_OVERVIEW];
