import { useEffect, useRef } from 'react';

/**
 * Live updates over Server-Sent Events: one EventSource per page
 * (`/api/v1/live?datasets=a,b`), shared by every panel. Panels subscribe per
 * dataset; when the set of datasets changes the stream is reopened with the new
 * list (the server filters, so a page never receives rows it does not draw).
 */

export interface RowsEvent {
  dataset: string;
  rows: number;
  minTime: number;
  maxTime: number;
  /**
   * Set on the synthetic event sent when the stream (re)connects: rows may have
   * landed while it was closed, so each panel catches up from its newest bucket.
   */
  reconnect?: boolean;
  /**
   * When the page received it (`Date.now()`): every panel resolves its relative
   * window at this one instant for the update, so panels drawing the same series
   * send the same query (the server runs it once).
   */
  at: number;
}
export type RowsListener = (e: RowsEvent) => void;
export type MessageListener = (type: string, data: unknown) => void;

const MESSAGE_TYPES = ['alert', 'notification', 'silence-expiring'];

class LiveHub {
  private rows = new Map<string, Set<RowsListener>>();
  private messages = new Set<MessageListener>();
  private source: EventSource | null = null;
  private openFor = '';
  private pending = false;
  /** Listeners told when the connection opens or drops (for a status dot). */
  private status = new Set<(connected: boolean) => void>();
  connected = false;

  subscribeRows(dataset: string, fn: RowsListener): () => void {
    let set = this.rows.get(dataset);
    if (!set) this.rows.set(dataset, (set = new Set()));
    set.add(fn);
    this.schedule();
    return () => {
      set.delete(fn);
      if (set.size === 0) this.rows.delete(dataset);
      this.schedule();
    };
  }

  subscribeMessages(fn: MessageListener): () => void {
    this.messages.add(fn);
    this.schedule();
    return () => {
      this.messages.delete(fn);
      this.schedule();
    };
  }

  onStatus(fn: (connected: boolean) => void): () => void {
    this.status.add(fn);
    return () => this.status.delete(fn);
  }

  /** Reconcile once per tick: many panels subscribe in the same render. */
  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.reconcile();
    });
  }

  private reconcile(): void {
    const datasets = [...this.rows.keys()].sort();
    const wanted = datasets.length || this.messages.size ? `datasets=${datasets.map(encodeURIComponent).join(',')}` : '';
    if (wanted === this.openFor) return;
    this.source?.close();
    this.source = null;
    this.setConnected(false);
    this.openFor = wanted;
    if (!wanted) return;
    // Message-only subscribers (no datasets) still get watcher messages; rows for
    // a dataset nobody draws are then filtered here.
    const url = datasets.length ? `/api/v1/live?${wanted}` : '/api/v1/live';
    const es = new EventSource(url, { withCredentials: true });
    this.source = es;
    es.onopen = () => {
      this.setConnected(true);
      for (const [dataset, set] of this.rows) {
        const e: RowsEvent = { dataset, rows: 0, minTime: Number.NaN, maxTime: Number.NaN, reconnect: true, at: Date.now() };
        set.forEach((fn) => fn(e));
      }
    };
    // EventSource reconnects by itself after a drop; show the state meanwhile.
    es.onerror = () => this.setConnected(false);
    es.addEventListener('rows', (ev) => {
      let data: RowsEvent;
      try {
        data = { ...JSON.parse((ev as MessageEvent).data), at: Date.now() };
      } catch {
        return;
      }
      this.rows.get(data.dataset)?.forEach((fn) => fn(data));
    });
    for (const type of MESSAGE_TYPES) {
      es.addEventListener(type, (ev) => {
        let data: unknown;
        try {
          data = JSON.parse((ev as MessageEvent).data);
        } catch {
          data = (ev as MessageEvent).data;
        }
        this.messages.forEach((fn) => fn(type, data));
      });
    }
  }

  private setConnected(c: boolean): void {
    if (this.connected === c) return;
    this.connected = c;
    this.status.forEach((fn) => fn(c));
  }
}

export const live = new LiveHub();

/** Call `fn` for each batch of rows landing in `dataset` while `enabled`. */
export function useLiveRows(dataset: string | undefined, enabled: boolean, fn: RowsListener): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!enabled || !dataset) return;
    return live.subscribeRows(dataset, (e) => ref.current(e));
  }, [dataset, enabled]);
}

/** Watcher messages (alert state changes, notifications). */
export function useLiveMessages(enabled: boolean, fn: MessageListener): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!enabled) return;
    return live.subscribeMessages((t, d) => ref.current(t, d));
  }, [enabled]);
}
