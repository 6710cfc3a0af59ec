import { useLayoutEffect, useRef } from 'react';
import type { EChartsOption } from 'echarts';
import { echarts, type ECharts } from './echarts.js';

/**
 * One ECharts instance for the life of the component (never re-created on
 * render). A new option is applied with `setOption`; `notMerge` only when the
 * set of series changed, so a live update patches the data in place.
 * `onDrawn` is called once per applied option, when ECharts reports the draw
 * finished.
 */
export interface EChartProps {
  option: EChartsOption;
  onDrawn?: () => void;
  onClick?: (params: EChartsClick) => void;
  /** Receives the instance (export, tests). */
  instanceRef?: { current: ECharts | null };
  className?: string;
  ariaLabel?: string;
}

export interface EChartsClick {
  componentType?: string;
  seriesType?: string;
  seriesId?: string;
  seriesName?: string;
  seriesIndex?: number;
  dataIndex?: number;
  name?: string;
  value?: unknown;
  data?: unknown;
  event?: { event?: MouseEvent };
}

/** Identity of the series set: ids (or names) and types in order. */
function seriesSignature(option: EChartsOption): string {
  const s = option.series;
  const list = Array.isArray(s) ? s : s ? [s] : [];
  return list.map((x) => `${x.type}:${x.id ?? x.name ?? ''}`).join('|') + `#${Array.isArray(option.xAxis) ? option.xAxis.length : option.xAxis ? 1 : 0}`;
}

export function EChart({ option, onDrawn, onClick, instanceRef, className, ariaLabel }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const pending = useRef(false);
  const signature = useRef('');
  const drawnRef = useRef(onDrawn);
  drawnRef.current = onDrawn;
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useLayoutEffect(() => {
    const node = el.current as HTMLDivElement;
    const c = echarts.init(node, null, { renderer: 'svg' });
    chart.current = c;
    if (instanceRef) instanceRef.current = c;
    c.on('finished', () => {
      // 'finished' also follows hover redraws: count only draws of a new option.
      if (!pending.current) return;
      pending.current = false;
      drawnRef.current?.();
    });
    c.on('click', (p) => clickRef.current?.(p as EChartsClick));
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!c.isDisposed()) c.resize();
      });
    });
    ro.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      c.dispose();
      chart.current = null;
      if (instanceRef) instanceRef.current = null;
      signature.current = '';
    };
    // The instance lives as long as the element; instanceRef is stable per panel.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Layout effect: the new option is drawn in the same task as the React commit
  // (a passive effect could wait for the next paint; live redraws are timed).
  useLayoutEffect(() => {
    const c = chart.current;
    if (!c || c.isDisposed()) return;
    const sig = seriesSignature(option);
    const notMerge = sig !== signature.current;
    signature.current = sig;
    pending.current = true;
    c.setOption(option, { notMerge, lazyUpdate: false });
  }, [option]);

  // ECharts' aria component labels the container with a description of the chart.
  return <div ref={el} className={className ?? 'panel-chart'} aria-label={ariaLabel} />;
}
