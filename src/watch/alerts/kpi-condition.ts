import { computeScorecard } from '../kpis/scorecard.js';
import { CATEGORIES } from '../kpis/types.js';
import type { Store } from '../../store/store.js';
import type { InstanceResult } from './evaluate.js';
import type { Rule } from './rule-kind.js';
import type { Condition } from './rule-schema.js';

const fmt = (x: number) => Number(x.toPrecision(4)).toString();

/**
 * A `kpi` condition: the KPI's scorecard at evaluation time (its current period,
 * so far) against the category the rule names; met when the KPI is in that
 * category or a worse one. The value is the achievement in percent of target.
 * One instance, without group labels: a KPI is one number.
 */
export async function evaluateKpi(store: Store, workspace: string, _rule: Rule, c: Extract<Condition, { type: 'kpi' }>, now: number): Promise<InstanceResult[]> {
  const card = await computeScorecard(store, workspace, now, { names: [c.kpi], forecast: false });
  const row = card.kpis[0];
  if (!row || row.category === null || row.achievement === null) return [{ key: '', group: {}, result: { kind: 'nodata' } }];
  const met = CATEGORIES.indexOf(row.category) >= CATEGORIES.indexOf(c.category);
  const detail = `${row.title}: ${fmt(row.achievement)} % of target (${row.category}), ${met ? 'at or below' : 'above'} ${c.category}`;
  return [{ key: '', group: {}, result: { kind: 'ok', met, value: row.achievement, detail } }];
}
