import { useRef, useState, type FormEvent } from 'react';
import type { DashboardDoc } from '../../../src/dashboards/schema.js';
import { api, ApiError, errorText, useApi } from '../api.js';
import { duplicateDoc, freeName, nameFromTitle, parseDashboardFile } from '../dashboard/doc-ops.js';
import { downloadText } from '../panels/export.js';
import { Link, navigate } from '../router.js';
import { useCanEdit } from '../session.js';

/**
 * `/`: every dashboard of the workspace, with create, import, duplicate,
 * export and delete (the last three per row; changes need the define permission).
 */
export default function DashboardList() {
  const canEdit = useCanEdit();
  const list = useApi<{ dashboards: DashboardDoc[] }>('/dashboards');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [creating, setCreating] = useState(false);
  const [title, setTitle] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const dashboards = [...(list.data?.dashboards ?? [])].sort((a, b) => a.title.localeCompare(b.title));
  const taken = new Set(dashboards.map((d) => d.name));

  const report = (text: string, error = false) => setMessage({ text, error });

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const t = title.trim();
    if (!t) {
      report('Give the new dashboard a title.', true);
      return;
    }
    const name = freeName(nameFromTitle(t), taken);
    try {
      await api.put(`/dashboards/${encodeURIComponent(name)}`, { kind: 'dashboard', name, title: t, time: { from: '-24h', to: 'now' }, panels: [] });
      navigate(`/d/${encodeURIComponent(name)}?edit=1`);
    } catch (err) {
      report(`Could not create the dashboard: ${errorText(err)}`, true);
    }
  };

  const duplicate = async (d: DashboardDoc) => {
    const name = freeName(`${d.name}_copy`, taken);
    try {
      await api.put(`/dashboards/${encodeURIComponent(name)}`, duplicateDoc(d, name));
      report(`Created “${d.title} (copy)”.`);
      list.reload();
    } catch (err) {
      report(`Could not duplicate “${d.title}”: ${errorText(err)}`, true);
    }
  };

  const remove = async (d: DashboardDoc) => {
    if (!window.confirm(`Delete the dashboard “${d.title}”? This cannot be undone (export it first to keep a copy).`)) return;
    try {
      await api.del(`/dashboards/${encodeURIComponent(d.name)}`);
      report(`Deleted “${d.title}”.`);
      list.reload();
    } catch (err) {
      report(`Could not delete “${d.title}”: ${errorText(err)}`, true);
    }
  };

  const importFile = async (file: File) => {
    const parsed = parseDashboardFile(await file.text());
    if ('error' in parsed) {
      report(`Not imported (${file.name}): ${parsed.error}`, true);
      return;
    }
    const { doc } = parsed;
    if (taken.has(doc.name) && !window.confirm(`A dashboard named “${doc.name}” exists. Replace it with the file's version?`)) return;
    try {
      // The server validates the document; its answer names each problem.
      await api.put(`/dashboards/${encodeURIComponent(doc.name)}`, doc);
      report(`Imported “${doc.title ?? doc.name}”.`);
      list.reload();
    } catch (err) {
      report(`Not imported (${file.name}): ${errorText(err)}`, true);
    }
  };

  return (
    <main className="page">
      <h1>Dashboards</h1>
      {canEdit && (
        <div className="list-toolbar">
          {creating ? (
            <form onSubmit={create} className="list-toolbar" aria-label="New dashboard">
              <label htmlFor="new-title">Title</label>
              <input id="new-title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus placeholder="e.g. Checkout funnel" />
              <button type="submit" className="primary">
                Create
              </button>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New dashboard
            </button>
          )}
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import JSON
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            aria-label="Dashboard JSON file to import"
            className="sr-only"
            tabIndex={-1}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
        </div>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'banner error' : 'banner'}>
          {message.text}
        </p>
      )}
      {list.error != null && (
        <p role="alert" className="error">
          {list.error instanceof ApiError && list.error.status === 404 ? 'Dashboards are not available in this build.' : errorText(list.error)}
        </p>
      )}
      {list.loading && !list.data && <p className="muted">Loading…</p>}
      {list.data && dashboards.length === 0 && (
        <div className="card">
          <p>No dashboards yet.{canEdit ? ' Create one, or import a JSON file exported from another Almanac.' : ''}</p>
        </div>
      )}
      {dashboards.length > 0 && (
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Panels</th>
              <th scope="col">Tags</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {dashboards.map((d) => (
              <tr key={d.name}>
                <td>
                  <Link to={`/d/${encodeURIComponent(d.name)}`}>{d.title}</Link>
                  {d.description && <div className="muted">{d.description}</div>}
                </td>
                <td>{d.panels.length}</td>
                <td>
                  {(d.tags ?? []).map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => downloadText(`${d.name}.json`, JSON.stringify(d, null, 2) + '\n', 'application/json')} aria-label={`Export ${d.title} as JSON`}>
                    Export
                  </button>
                  {canEdit && (
                    <>
                      <button type="button" className="link" onClick={() => void duplicate(d)} aria-label={`Duplicate ${d.title}`}>
                        Duplicate
                      </button>
                      <button type="button" className="link danger" onClick={() => void remove(d)} aria-label={`Delete ${d.title}`}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
