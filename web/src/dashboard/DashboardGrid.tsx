import { lazy, memo, Suspense, useMemo } from 'react';
import type { Panel } from '../../../src/dashboards/schema.js';
import { PanelView, type MenuItem, type PanelViewProps } from '../panels/PanelView.js';
import { compactLayout } from './doc-ops.js';
import { GAP_PX, GRID_COLS, ROW_HEIGHT } from './grid-size.js';

const EditGrid = lazy(() => import('./EditGrid.js').then((m) => ({ default: m.EditGrid })));

export interface GridProps {
  panels: Panel[];
  editing: boolean;
  onLayout: (layouts: Record<string, Panel['layout']>) => void;
  panelProps: Omit<PanelViewProps, 'panel'>;
  panelMenu: (p: Panel) => MenuItem[] | undefined;
}

/**
 * The panels of a dashboard. Viewing, a CSS grid places them (24 columns, rows
 * of 30 px, compacted upwards like the editor does); editing, the drag-and-drop
 * grid takes over — its code loads only then.
 */
export const DashboardGrid = memo(function DashboardGrid(props: GridProps) {
  const { panels, editing, panelProps, panelMenu } = props;
  const layout = useMemo(() => compactLayout(panels), [panels]);
  const staticGrid = (
    <div className="grid static-grid" style={{ gridTemplateColumns: `repeat(${GRID_COLS}, minmax(0, 1fr))`, gridAutoRows: `${ROW_HEIGHT}px`, gap: `${GAP_PX}px` }}>
      {panels.map((p) => {
        const l = layout.get(p.id) ?? p.layout;
        return (
          <div key={p.id} style={{ gridColumn: `${l.x + 1} / span ${Math.min(l.w, GRID_COLS - l.x)}`, gridRow: `${l.y + 1} / span ${l.h}` }}>
            <PanelView panel={p} {...panelProps} menuItems={panelMenu(p)} />
          </div>
        );
      })}
    </div>
  );
  if (!editing) return staticGrid;
  return (
    <Suspense fallback={staticGrid}>
      <EditGrid {...props} />
    </Suspense>
  );
});
