import type { Rule } from './rule-kind.js';

export type Group = Record<string, string | number | boolean | null>;
export type Labels = Record<string, string>;

/** A stable key for a query group (the instance's identity within its rule): sorted `k=v` pairs. */
export function groupKey(group: Group): string {
  return Object.keys(group).sort().map((k) => `${k}=${group[k] === null ? '' : String(group[k])}`).join(',');
}

/**
 * An instance's labels, what silences match and notifications group by:
 * `alertname` (the rule), `severity`, the rule's own labels, then the query
 * group's values (strings; null becomes "").
 */
export function instanceLabels(rule: Rule, group: Group): Labels {
  const labels: Labels = { alertname: rule.name, severity: rule.severity, ...(rule.doc.labels ?? {}) };
  for (const [k, v] of Object.entries(group)) labels[k] = v === null ? '' : String(v);
  return labels;
}

/** The notification group of an instance: the rule plus the values of the rule's `groupBy` labels. */
export function notificationGroup(rule: Rule, labels: Labels): { key: string; labels: Labels } {
  const picked: Labels = {};
  for (const k of rule.groupBy) picked[k] = labels[k] ?? '';
  return { key: groupKey(picked), labels: picked };
}

/** `region=eu, service=api` for subjects and reasons. */
export function describeGroup(group: Group | Labels): string {
  return Object.entries(group).map(([k, v]) => `${k}=${v === null ? '' : String(v)}`).join(', ');
}
