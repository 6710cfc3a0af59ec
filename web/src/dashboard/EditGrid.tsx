import { memo, useMemo } from 'react';
import GridLayout, { WidthProvider, type Layout } from 'react-grid-layout';
import type { Panel } from '../../../src/dashboards/schema.js';
import { PanelView, type MenuItem, type PanelViewProps } from '../panels/PanelView.js';
import { GRID_COLS, GAP_PX, ROW_HEIGHT } from './grid-size.js';

const Grid = WidthProvider(GridLayout);

/**
 * Edit mode: the panels on react-grid-layout's 24-column grid (rows of 30 px);
 * panels move by their handle and resize from the corner; the new layouts go to
 * `onLayout`. Loaded only for editing (view mode is a CSS grid).
 */
export const EditGrid = memo(function EditGrid(props: {
  panels: Panel[];
  editing: boolean;
  onLayout: (layouts: Record<string, Panel['layout']>) => void;
  panelProps: Omit<PanelViewProps, 'panel'>;
  panelMenu: (p: Panel) => MenuItem[] | undefined;
}) {
  const { panels, editing, onLayout, panelProps, panelMenu } = props;
  const layout: Layout[] = useMemo(
    () => panels.map((p) => ({ i: p.id, x: p.layout.x, y: p.layout.y, w: p.layout.w, h: p.layout.h, minW: 2, minH: 2 })),
    [panels],
  );
  const changed = (next: Layout[]) => {
    if (!editing) return;
    const out: Record<string, Panel['layout']> = {};
    let any = false;
    for (const l of next) {
      const p = panels.find((x) => x.id === l.i);
      if (!p) continue;
      const nl = { x: l.x, y: l.y, w: l.w, h: l.h };
      if (nl.x !== p.layout.x || nl.y !== p.layout.y || nl.w !== p.layout.w || nl.h !== p.layout.h) any = true;
      out[l.i] = nl;
    }
    if (any) onLayout(out);
  };
  return (
    <Grid
      className="grid"
      layout={layout}
      cols={GRID_COLS}
      rowHeight={ROW_HEIGHT}
      margin={[GAP_PX, GAP_PX]}
      containerPadding={[0, 0]}
      isDraggable={editing}
      isResizable={editing}
      draggableHandle=".drag-handle"
      compactType="vertical"
      onLayoutChange={changed}
      useCSSTransforms
    >
      {panels.map((p) => (
        <div key={p.id}>
          <PanelView
            panel={p}
            {...panelProps}
            menuItems={panelMenu(p)}
            headerStart={
              editing ? (
                <span className="drag-handle" title="Drag to move" aria-hidden="true">
                  ⠿
                </span>
              ) : undefined
            }
          />
        </div>
      ))}
    </Grid>
  );
});
