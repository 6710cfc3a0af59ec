import type { DashboardDoc, Panel } from '../../../src/dashboards/schema.js';

/** Pure edits of dashboard documents (ids, placement, copies, names). */

/** `base`, else `base_2`, `base_3`… — an id no panel has. */
export function uniquePanelId(panels: readonly Panel[], base: string): string {
  const taken = new Set(panels.map((p) => p.id));
  const stem = base.replace(/_\d+$/, '').slice(0, 56) || 'p';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}`)) return `${stem}_${i}`;
}

/** Place a new panel under all the others, keeping its size (default half width, 8 rows). */
export function nextPanelLayout(panels: readonly Panel[], size?: { w: number; h: number }): Panel['layout'] {
  const bottom = panels.reduce((m, p) => Math.max(m, p.layout.y + p.layout.h), 0);
  return { x: 0, y: bottom, w: Math.min(24, Math.max(1, size?.w ?? 12)), h: Math.min(100, Math.max(1, size?.h ?? 8)) };
}

/** A definition name from a title: `Web service overview` → `web_service_overview`. */
export function nameFromTitle(title: string): string {
  const s = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^[^a-z_]+/, '')
    .replace(/_+$/, '')
    .slice(0, 100);
  return s || 'dashboard';
}

/** A name not in `taken`: `name`, `name_2`, … */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}_${i}`)) return `${name}_${i}`;
}

export function duplicateDoc(doc: DashboardDoc, name: string): DashboardDoc {
  return { ...structuredClone(doc), name, title: `${doc.title} (copy)` };
}

/**
 * Read an exported dashboard file: JSON of one document (or a bundle whose
 * `documents` hold one dashboard). Shape errors are left to the server (PUT
 * validates and names the problem); here only what is needed to know the name.
 */
export function parseDashboardFile(text: string): { doc: DashboardDoc } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `the file is not JSON: ${(e as Error).message}` };
  }
  if (v && typeof v === 'object' && Array.isArray((v as { documents?: unknown }).documents)) {
    const dashboards = ((v as { documents: unknown[] }).documents).filter((d) => (d as { kind?: unknown })?.kind === 'dashboard');
    if (dashboards.length !== 1) return { error: `the bundle holds ${dashboards.length} dashboards; import one dashboard at a time` };
    v = dashboards[0];
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'the file must hold one dashboard document (a JSON object)' };
  const o = v as Record<string, unknown>;
  if (o.kind !== undefined && o.kind !== 'dashboard') return { error: `the document is kind "${String(o.kind)}", not a dashboard` };
  if (typeof o.name !== 'string' || !o.name) return { error: 'the document has no name' };
  return { doc: { ...o, kind: 'dashboard' } as DashboardDoc };
}

/**
 * Panels moved up as far as they fit (vertical compaction, as the grid editor
 * shows them), in order of their rows then columns. Returns id → layout.
 */
export function compactLayout(panels: readonly Panel[]): Map<string, Panel['layout']> {
  const placed: Panel['layout'][] = [];
  const out = new Map<string, Panel['layout']>();
  const order = [...panels].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  const overlaps = (a: Panel['layout'], b: Panel['layout']) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  for (const p of order) {
    const l = { ...p.layout };
    while (l.y > 0 && !placed.some((q) => overlaps({ ...l, y: l.y - 1 }, q))) l.y--;
    // Overlapping a placed panel (a hand-written document): push down until free.
    while (placed.some((q) => overlaps(l, q))) l.y++;
    placed.push(l);
    out.set(p.id, l);
  }
  return out;
}
