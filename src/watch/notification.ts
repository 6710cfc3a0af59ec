/**
 * What the watchers (alert rules, later report schedules) hand to delivery.
 * Delivery (`src/watch/notify/`) renders it per channel type: the webhook gets
 * `payload` as JSON, Slack gets `subject` + `text`, email gets `subject`,
 * `text` and `html`, in-app stores it and pushes it to the browser.
 */
export interface OutboundMessage {
  /**
   * Stable id of this event (e.g. `alert:<rule>:<groupKey>:firing:<since>`).
   * Enqueuing the same key twice for the same channel stores it once; receivers
   * see `<key>:<channel>` as X-Almanac-Idempotency-Key on every attempt.
   */
  key: string;
  /** One line: "[FIRING] slow-checkout (region=eu): p95 = 912 ms > 800". */
  subject: string;
  /** Plain-text body. */
  text: string;
  /** HTML body for email; derived from `text` when absent. */
  html?: string;
  /** The JSON document a webhook receives (documented in docs/alerts.md). */
  payload: Record<string, unknown>;
  severity?: 'info' | 'warning' | 'critical';
}
