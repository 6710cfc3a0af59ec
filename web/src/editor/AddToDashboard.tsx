import { useId, useState, type FormEvent } from 'react';
import type { DashboardDoc, Panel } from '../../../src/dashboards/schema.js';
import { api, errorText, useApi } from '../api.js';
import { Link } from '../router.js';
import { newPanelId } from './panel-draft.js';
import css from './pages.module.css';

/**
 * Append a panel to a dashboard chosen from the list: read the document, add
 * the panel below the others, PUT it back. The server checks the whole
 * document, so its errors name the part that failed.
 */
export function AddToDashboard({ panel, disabled }: { panel: Panel; disabled?: boolean }) {
  const id = useId();
  const list = useApi<{ dashboards: DashboardDoc[] }>('/dashboards');
  const [target, setTarget] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; name: string; title: string } | { ok: false; message: string } | null>(null);
  const dashboards = list.data?.dashboards ?? [];
  const chosen = target || dashboards[0]?.name || '';

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setResult(null);
    try {
      const doc = await api.get<DashboardDoc>(`/dashboards/${encodeURIComponent(chosen)}`);
      const bottom = doc.panels.reduce((m, p) => Math.max(m, p.layout.y + p.layout.h), 0);
      const added: Panel = { ...panel, id: newPanelId(doc.panels.map((p) => p.id)), title: title.trim() || panel.title, layout: { x: 0, y: bottom, w: 12, h: 8 } };
      await api.put(`/dashboards/${encodeURIComponent(chosen)}`, { ...doc, panels: [...doc.panels, added] });
      setResult({ ok: true, name: doc.name, title: doc.title });
    } catch (err) {
      setResult({ ok: false, message: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  if (list.error) return <p className={css.muted}>Cannot list dashboards: {errorText(list.error)}</p>;
  return (
    <form className={css.form} onSubmit={add} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="sr-only">
        Add to dashboard
      </h2>
      <label>
        <span>Dashboard</span>
        <select aria-label="Dashboard" value={chosen} onChange={(e) => setTarget(e.target.value)} disabled={!dashboards.length}>
          {dashboards.length === 0 && <option value="">{list.loading ? 'Loading…' : '(no dashboards yet)'}</option>}
          {dashboards.map((d) => (
            <option key={d.name} value={d.name}>
              {d.title} ({d.name})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Panel title</span>
        <input aria-label="Panel title" type="text" value={title} placeholder={panel.title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <button type="submit" disabled={disabled || busy || !chosen}>
        {busy ? 'Adding…' : 'Add to dashboard'}
      </button>
      {result?.ok && (
        <p className={css.ok} role="status">
          Added to <Link to={`/d/${encodeURIComponent(result.name)}`}>{result.title}</Link>.
        </p>
      )}
      {result && !result.ok && (
        <p className={css.alert} role="alert">
          {result.message}
        </p>
      )}
    </form>
  );
}
