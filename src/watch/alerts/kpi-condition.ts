import type { Store } from '../../store/store.js';
import type { InstanceResult } from './evaluate.js';
import type { Rule } from './rule-kind.js';
import type { Condition } from './rule-schema.js';

/** A `kpi` condition: the KPI's scorecard category at evaluation time, against the category the rule names. */
export async function evaluateKpi(_store: Store, _workspace: string, _rule: Rule, c: Extract<Condition, { type: 'kpi' }>, _now: number): Promise<InstanceResult[]> {
  return [{ key: '', group: {}, result: { kind: 'error', message: `kpi conditions cannot be evaluated yet: the KPI scorecard (src/watch/kpis/scorecard.ts) is not available (kpi "${c.kpi}")` } }];
}
