import type { TSchema } from 'typebox';
import type { DatasetDef, MetricDef } from '../core/dataset.js';
import { datasetColumnsToAdd } from '../core/dataset-change.js';
import { AlmanacError, type Issue } from '../core/errors.js';
import { DatasetDocSchema, MetricDocSchema } from '../core/schemas.js';
import { checkMeasure } from '../expr/check.js';
import { caseCollision } from '../core/names.js';
import type { Definition } from '../store/store.js';
import { ChannelKind } from '../watch/notify/channel.js';
import { dashboardKind } from '../dashboards/dashboard-kind.js';
import { KPI_KIND } from '../watch/kpis/kind.js';
import { alertKind, silenceKind } from '../watch/alerts/rule-kind.js';

/** The workspace as it would be after a change: what cross-document checks look at. */
export interface DefinitionView {
  get(kind: string, name: string): Definition | undefined;
  before(kind: string, name: string): Definition | undefined;
}

/**
 * One entry per definition kind: its schema and the checks that need other
 * documents. Later capabilities (kpi, alert, dashboard…) add an entry here.
 */
export interface KindSpec {
  schema: TSchema;
  /** Checks beyond the schema; return problems with paths relative to the document. */
  check(doc: Definition, view: DefinitionView): Issue[];
}

function messageOf(e: unknown): string {
  return e instanceof AlmanacError ? e.message : String(e);
}

export const KINDS: Record<string, KindSpec> = {
  dataset: {
    schema: DatasetDocSchema,
    check(doc) {
      const ds = doc as unknown as DatasetDef;
      const issues: Issue[] = [];
      const names = ds.columns.map((c) => c.name);
      names.forEach((n, i) => { if (names.indexOf(n) !== i) issues.push({ path: `columns[${i}].name`, message: `column "${n}" is listed twice` }); });
      const time = ds.columns.find((c) => c.name === ds.timeColumn);
      if (!time) issues.push({ path: 'timeColumn', message: `"${ds.timeColumn}" is not one of the columns` });
      else if (time.type !== 'time') issues.push({ path: 'timeColumn', message: `column "${ds.timeColumn}" must have type time` });
      ds.columns.forEach((c, i) => { if (c.type === 'time' && c.name !== ds.timeColumn) issues.push({ path: `columns[${i}].type`, message: 'only the time column may have type time' }); });
      if (ds.idColumn !== undefined && !names.includes(ds.idColumn)) issues.push({ path: 'idColumn', message: `"${ds.idColumn}" is not one of the columns` });
      if (ds.idColumn !== undefined && ds.idColumn === ds.timeColumn) issues.push({ path: 'idColumn', message: 'the id column cannot be the time column' });
      const clash = caseCollision(names);
      if (clash) issues.push({ path: 'columns', message: `columns "${clash[0]}" and "${clash[1]}" differ only in case; column names are case-insensitive` });
      return issues;
    },
  },
  metric: {
    schema: MetricDocSchema,
    check(doc, view) {
      const m = doc as unknown as MetricDef;
      const ds = view.get('dataset', m.dataset) as DatasetDef | undefined;
      if (!ds) return [{ path: 'dataset', message: `dataset "${m.dataset}" does not exist` }];
      try {
        checkMeasure(m.expr, { dataset: ds, metric: (n) => view.get('metric', n) as MetricDef | undefined }, `metric "${m.name}"`);
        return [];
      } catch (e) {
        return [{ path: 'expr', message: messageOf(e) }];
      }
    },
  },
  kpi: KPI_KIND,
  dashboard: dashboardKind,
  channel: ChannelKind,
  alert: alertKind,
  silence: silenceKind,
};

/** Checks that concern the change from the stored version (a dataset may only grow). */
export function checkEvolution(doc: Definition, view: DefinitionView): Issue[] {
  if (doc.kind !== 'dataset') return [];
  const before = view.before('dataset', doc.name) as DatasetDef | undefined;
  try {
    datasetColumnsToAdd(before, doc as unknown as DatasetDef);
    return [];
  } catch (e) {
    return [{ path: 'columns', message: messageOf(e) }];
  }
}
