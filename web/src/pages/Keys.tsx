import { useRef, useState, type FormEvent } from 'react';
import { api, errorText, useApi } from '../api.js';
import { formatTime } from '../editor/format.js';
import { useSession } from '../session.js';
import css from '../editor/pages.module.css';
import { ErrorNote } from '../editor/ErrorNote.js';

interface KeyRecord {
  id: string;
  role: string;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
}

const ROLES = [
  { role: 'viewer', what: 'reads dashboards and queries' },
  { role: 'editor', what: 'also changes definitions' },
  { role: 'ingest', what: 'only sends rows' },
  { role: 'admin', what: 'everything, including keys' },
];

/**
 * API keys (admins only): the list, creating a key (shown once, with a copy
 * button — it is never stored in the browser), revoking one after a confirmation.
 */
export default function Keys() {
  const { session } = useSession();
  if (!session.permissions.admin) {
    return (
      <main className="page">
        <h1>API keys</h1>
        <p role="alert">This page is for admins only.</p>
      </main>
    );
  }
  return <KeyAdmin />;
}

function KeyAdmin() {
  const keys = useApi<{ keys: KeyRecord[] }>('/keys');
  const [role, setRole] = useState('viewer');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ key: string; role: string; name: string | null } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showRevoked, setShowRevoked] = useState(false);
  const secretRef = useRef<HTMLElement>(null);
  const me = useSession().session.keyId;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const r = await api.post<KeyRecord & { key: string }>('/keys', { role, ...(name.trim() ? { name: name.trim() } : {}) });
      setCreated({ key: r.key, role: r.role, name: r.name });
      setName('');
      keys.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.del(`/keys/${encodeURIComponent(id)}`);
      setConfirming(null);
      keys.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      // No clipboard access (an insecure origin): select the key so Ctrl+C copies it.
      const range = document.createRange();
      if (secretRef.current) {
        range.selectNodeContents(secretRef.current);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
    }
  };

  const list = (keys.data?.keys ?? []).filter((k) => showRevoked || k.revokedAt === null);
  return (
    <main className="page">
      <div className={css.header}>
        <h1>API keys</h1>
      </div>
      <section className={css.card} aria-labelledby="key-new">
        <h2 id="key-new">Create a key</h2>
        <form className={css.form} onSubmit={create}>
          <label>
            <span>Role</span>
            <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.role} — {r.what}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Name</span>
            <input aria-label="Name" type="text" value={name} maxLength={200} placeholder="e.g. grafana, ci-ingest" onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Create key
          </button>
        </form>
        {created && (
          <div className={css.ok} role="status" aria-live="polite">
            <p>
              New {created.role} key{created.name ? ` “${created.name}”` : ''}. Copy it now: it is shown only this once.
            </p>
            <p>
              <code ref={secretRef} className={css.secret} data-testid="new-key">
                {created.key}
              </code>
            </p>
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy key'}
            </button>{' '}
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        )}
      </section>
      <ErrorNote error={error} />
      <ErrorNote error={keys.error} />
      <section aria-labelledby="key-list">
        <div className={css.header}>
          <h2 id="key-list">Keys</h2>
          <label className={css.muted}>
            <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} /> Show revoked keys
          </label>
        </div>
        <table className={css.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Id</th>
              <th scope="col">Created</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr key={k.id}>
                <td>{k.name ?? <span className={css.muted}>(no name)</span>}</td>
                <td>{k.role}</td>
                <td>
                  <code>{k.id}</code>
                </td>
                <td>{formatTime(k.createdAt)}</td>
                <td>{k.revokedAt ? formatTime(k.revokedAt) : ''}</td>
                <td>
                  {k.revokedAt === null &&
                    (confirming === k.id ? (
                      <span role="group" aria-label={`Confirm revoking ${k.name ?? k.id}`}>
                        Revoke{k.id === me ? ' your own key (you will be signed out)' : ''}?{' '}
                        <button type="button" className="danger" disabled={busy} onClick={() => void revoke(k.id)}>
                          Confirm revoke
                        </button>{' '}
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="danger" onClick={() => setConfirming(k.id)} aria-label={`Revoke key ${k.name ?? k.id}`}>
                        Revoke
                      </button>
                    ))}
                </td>
              </tr>
            ))}
            {keys.data && list.length === 0 && (
              <tr>
                <td colSpan={6} className={css.muted}>
                  No keys.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </main>
  );
}

