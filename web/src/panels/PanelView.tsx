import type { Panel } from '../../../src/dashboards/schema.js';
import type { TimeRange } from '../time-range.js';

/** Values of the dashboard variables: name → selected values (empty = all). */
export type VariableValues = Record<string, string[]>;

export interface PanelViewProps {
  panel: Panel;
  range: TimeRange;
  variables?: VariableValues;
  /** Extra filter (drill-down chips), ANDed with the panel's own. */
  extraFilter?: string;
}

/** Placeholder of the panel component (the real one draws with ECharts). */
export function PanelView({ panel }: PanelViewProps) {
  return (
    <section className="panel" data-testid={`panel-${panel.id}`} data-panel-type={panel.type} data-state="loading">
      <h2 className="panel-title">{panel.title}</h2>
    </section>
  );
}
