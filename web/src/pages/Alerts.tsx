import { useCallback, useId, useState, type FormEvent } from 'react';
import { api, errorText, useApi } from '../api.js';
import { conditionSummary, expirePlan, routeMissing, groupByState, isSilenced, localInputToIso, matchersFor, severityTone, silenceBody, STATE_ORDER, stateTone, type AlertInstance, type AlertRule } from '../editor/alert-view.js';
import { formatAgo, formatNumber, formatTime, labelPairs } from '../editor/format.js';
import { useLiveMessages } from '../live.js';
import { setSearchParams, useLocation } from '../router.js';
import { useCanEdit } from '../session.js';
import { NotificationsList } from './AlertsNotifications.js';
import css from '../editor/pages.module.css';
import { ErrorNote } from '../editor/ErrorNote.js';

const TABS = [
  { id: 'instances', label: 'Instances' },
  { id: 'rules', label: 'Rules' },
  { id: 'history', label: 'History' },
  { id: 'silences', label: 'Silences' },
  { id: 'notifications', label: 'Notifications' },
] as const;
type Tab = (typeof TABS)[number]['id'];

interface Matcher {
  label: string;
  op: string;
  value: string;
}
interface Silence {
  name: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt?: string;
  untilResolved?: boolean;
  createdBy: string;
  comment: string;
  status: 'pending' | 'active' | 'expired';
  expiresInMs?: number;
}
interface Transition {
  time: number;
  rule: string;
  labels: Record<string, string>;
  from: string;
  to: string;
  value: number | null;
  reason: string;
  silenced?: boolean;
}


/** Alerts: instances by state, rules, history, silences and in-app notifications; the tab is in the URL (`?tab=`). */
export default function Alerts() {
  const loc = useLocation();
  const tabParam = loc.search.get('tab');
  const tab: Tab = TABS.some((t) => t.id === tabParam) ? (tabParam as Tab) : 'instances';
  const rules = useApi<{ rules: AlertRule[] }>('/alerts/rules');
  const [silenceFor, setSilenceFor] = useState<Matcher[] | null>(null);

  if (routeMissing(rules.error)) {
    return (
      <main className="page">
        <h1>Alerts</h1>
        <p className={css.card} role="status">
          Alerting is not available in this build.
        </p>
      </main>
    );
  }
  const openSilence = (m: Matcher[]) => {
    setSilenceFor(m);
    setSearchParams({ tab: 'silences' });
  };
  return (
    <main className="page">
      <div className={css.header}>
        <h1>Alerts</h1>
      </div>
      <div role="tablist" aria-label="Alert views" className={css.tabs}>
        {TABS.map((t) => (
          <button key={t.id} role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1} onClick={() => setSearchParams({ tab: t.id === 'instances' ? null : t.id })} onKeyDown={(e) => tabKeys(e, tab)}>
            {t.label}
          </button>
        ))}
      </div>
      <ErrorNote error={rules.error} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'instances' && <Instances rules={rules.data?.rules ?? []} onSilence={openSilence} />}
        {tab === 'rules' && <Rules rules={rules.data?.rules} />}
        {tab === 'history' && <History rules={rules.data?.rules ?? []} />}
        {tab === 'silences' && <Silences prefill={silenceFor} onPrefillUsed={() => setSilenceFor(null)} />}
        {tab === 'notifications' && <NotificationsList />}
      </div>
    </main>
  );
}

/** Arrow keys move between tabs (the WAI-ARIA tabs pattern). */
function tabKeys(e: React.KeyboardEvent, current: Tab) {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const i = TABS.findIndex((t) => t.id === current);
  const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
  setSearchParams({ tab: next.id === 'instances' ? null : next.id });
  requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
}

function Instances({ rules, onSilence }: { rules: AlertRule[]; onSilence: (m: Matcher[]) => void }) {
  const canEdit = useCanEdit();
  const [state, setState] = useState('');
  const [severity, setSeverity] = useState('');
  const [labelText, setLabelText] = useState('');
  const labelFilters = labelText.split(',').map((s) => s.trim()).filter((s) => /^[^=]+=.*$/.test(s));
  const qs = new URLSearchParams();
  if (state) qs.set('state', state);
  if (severity) qs.set('severity', severity);
  for (const l of labelFilters) qs.append('label', l);
  const list = useApi<{ instances: AlertInstance[] }>(`/alerts/instances${qs.size ? `?${qs}` : ''}`);
  // State changes arrive over the live stream: the list follows them without a manual refresh.
  const reload = list.reload;
  useLiveMessages(true, useCallback((type: string) => type === 'alert' && reload(), [reload]));
  const byRule = new Map(rules.map((r) => [r.name, r]));
  const groups = groupByState(list.data?.instances ?? []);

  return (
    <>
      <form className={css.form} onSubmit={(e) => e.preventDefault()} aria-label="Filter instances">
        <label>
          <span>State</span>
          <select aria-label="State" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">all</option>
            {STATE_ORDER.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Severity</span>
          <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">all</option>
            <option value="critical">critical</option>
            <option value="warning">warning</option>
            <option value="info">info</option>
          </select>
        </label>
        <label>
          <span>Labels</span>
          <input aria-label="Labels" type="text" value={labelText} placeholder="region=eu, service=api" onChange={(e) => setLabelText(e.target.value)} />
        </label>
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </form>
      <ErrorNote error={list.error} />
      {list.data && groups.length === 0 && <p className={css.muted}>No alert instances{qs.size ? ' match these filters' : ''}.</p>}
      {groups.map(([st, items]) => (
        <section key={st} aria-labelledby={`state-${st}`}>
          <h2 id={`state-${st}`}>
            <span className={css.badge} data-tone={stateTone(st)}>
              {st}
            </span>{' '}
            {items.length}
          </h2>
          <table className={css.table}>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Labels</th>
                <th scope="col">Severity</th>
                <th scope="col" className={css.num}>Value</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={`${i.rule}|${labelPairs(i.labels).join(',')}`} data-testid="alert-instance">
                  <td>
                    <strong>{i.rule}</strong>
                    {byRule.get(i.rule) && <div className={css.muted}>{conditionSummary(byRule.get(i.rule)!)}</div>}
                    {i.message && <div className={i.state === 'error' ? 'error' : css.muted}>{i.message}</div>}
                  </td>
                  <td>
                    <LabelChips labels={i.labels} />
                  </td>
                  <td>
                    <span className={css.badge} data-tone={severityTone(i.severity)}>
                      {i.severity}
                    </span>
                    {isSilenced(i) && (
                      <>
                        {' '}
                        <span className={css.badge}>silenced</span>
                      </>
                    )}
                    {i.flapping && (
                      <>
                        {' '}
                        <span className={css.badge} data-tone="warn">
                          flapping
                        </span>
                      </>
                    )}
                  </td>
                  <td className={css.num}>{formatNumber(i.value)}</td>
                  <td title={formatTime(i.since)}>{formatAgo(i.since)}</td>
                  <td>
                    {canEdit && i.state !== 'normal' && (
                      <button type="button" onClick={() => onSilence(matchersFor(i))} aria-label={`Silence ${i.rule} ${labelPairs(i.labels).join(' ')}`}>
                        Silence…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

interface TestResult {
  evaluatedAt: number;
  instances: { labels: Record<string, string>; result: { status: string; value: number | null; message?: string }; state: string; wouldBe: string }[];
}

function Rules({ rules }: { rules: AlertRule[] | undefined }) {
  const [tests, setTests] = useState<Record<string, TestResult | string>>({});
  const test = async (name: string) => {
    try {
      const r = await api.post<TestResult>(`/alerts/rules/${encodeURIComponent(name)}/test`);
      setTests((t) => ({ ...t, [name]: r }));
    } catch (e) {
      setTests((t) => ({ ...t, [name]: errorText(e) }));
    }
  };
  if (!rules) return <p className={css.muted}>Loading rules…</p>;
  if (rules.length === 0) return <p className={css.muted}>No alert rules yet. Add `kind: alert` documents with `almanac apply`.</p>;
  return (
    <table className={css.table}>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Condition</th>
          <th scope="col">Severity</th>
          <th scope="col">Every</th>
          <th scope="col">Channels</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => {
          const t = tests[r.name];
          return (
            <tr key={r.name}>
              <td>
                <strong>{r.name}</strong>
                {r.description && <div className={css.muted}>{r.description}</div>}
                <div className={css.muted}>
                  <code>{r.query.dataset ?? r.query.metric}</code>
                  {r.query.filter ? (
                    <>
                      {' '}
                      where <code>{r.query.filter}</code>
                    </>
                  ) : null}
                </div>
              </td>
              <td>
                {conditionSummary(r)}
                {t && (
                  <div className={typeof t === 'string' ? 'error' : css.muted} role="status">
                    {typeof t === 'string'
                      ? t
                      : t.instances.length === 0
                        ? 'Test: no instances (no groups in the window).'
                        : t.instances.map((i) => `${ownLabels(i.labels).join(' ') || '(all)'}: ${i.result.status}${i.result.value !== null ? ` (${formatNumber(i.result.value)})` : ''}${i.result.message ? ` — ${i.result.message}` : ''}; ${i.state} → ${i.wouldBe}`).join('\n')}
                  </div>
                )}
              </td>
              <td>
                <span className={css.badge} data-tone={severityTone(r.severity ?? 'warning')}>
                  {r.severity ?? 'warning'}
                </span>
              </td>
              <td>{r.interval ?? '30s'}</td>
              <td>{(r.channels ?? []).join(', ') || <span className={css.muted}>none</span>}</td>
              <td>
                <button type="button" onClick={() => void test(r.name)} aria-label={`Test rule ${r.name} now`}>
                  Test now
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function History({ rules }: { rules: AlertRule[] }) {
  const [rule, setRule] = useState('');
  const [before, setBefore] = useState<number[]>([]);
  const cursor = before[before.length - 1];
  const qs = new URLSearchParams({ limit: '100' });
  if (rule) qs.set('rule', rule);
  if (cursor !== undefined) qs.set('before', String(Math.floor(cursor)));
  const list = useApi<{ transitions: Transition[] }>(`/alerts/history?${qs}`);
  const items = list.data?.transitions ?? [];
  return (
    <>
      <form className={css.form} onSubmit={(e) => e.preventDefault()} aria-label="Filter history">
        <label>
          <span>Rule</span>
          <select aria-label="Rule"
            value={rule}
            onChange={(e) => {
              setRule(e.target.value);
              setBefore([]);
            }}
          >
            <option value="">all rules</option>
            {rules.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        {before.length > 0 && (
          <button type="button" onClick={() => setBefore((b) => b.slice(0, -1))}>
            Newer
          </button>
        )}
        {items.length === 100 && (
          <button type="button" onClick={() => setBefore((b) => [...b, items[items.length - 1].time])}>
            Older
          </button>
        )}
      </form>
      <ErrorNote error={list.error} />
      {list.data && items.length === 0 && <p className={css.muted}>No state changes recorded.</p>}
      {items.length > 0 && (
        <table className={css.table}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Rule</th>
              <th scope="col">Labels</th>
              <th scope="col">Change</th>
              <th scope="col" className={css.num}>Value</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t, i) => (
              <tr key={`${t.time}-${t.rule}-${i}`}>
                <td title={formatAgo(t.time)}>{formatTime(t.time)}</td>
                <td>{t.rule}</td>
                <td>
                  <LabelChips labels={t.labels} />
                </td>
                <td>
                  <span className={css.badge} data-tone={stateTone(t.from)}>
                    {t.from}
                  </span>{' '}
                  →{' '}
                  <span className={css.badge} data-tone={stateTone(t.to)}>
                    {t.to}
                  </span>
                  {t.silenced ? <span className={css.muted}> (silenced)</span> : null}
                </td>
                <td className={css.num}>{formatNumber(t.value)}</td>
                <td>{t.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Silences({ prefill, onPrefillUsed }: { prefill: Matcher[] | null; onPrefillUsed: () => void }) {
  const canEdit = useCanEdit();
  const list = useApi<{ silences: Silence[] }>('/silences');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const showForm = canEdit && (creating || prefill !== null);

  const expire = async (name: string) => {
    setError(null);
    try {
      const doc = await api.get<Silence & Record<string, unknown>>(`/silences/${encodeURIComponent(name)}`);
      const plan = expirePlan(doc, Date.now());
      if (plan.method === 'DELETE') await api.del(`/silences/${encodeURIComponent(name)}`);
      else await api.put(`/silences/${encodeURIComponent(name)}`, plan.body);
      setConfirming(null);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      {canEdit && !showForm && (
        <p>
          <button type="button" onClick={() => setCreating(true)}>
            New silence
          </button>
        </p>
      )}
      {showForm && (
        <SilenceForm
          initial={prefill ?? [{ label: 'alertname', op: '=', value: '' }]}
          onDone={(created) => {
            setCreating(false);
            onPrefillUsed();
            if (created) list.reload();
          }}
        />
      )}
      <ErrorNote error={error} />
      {list.error ? (
        <p className={css.alert} role="alert">
          {routeMissing(list.error) ? 'Silences are not available in this build.' : errorText(list.error)}
        </p>
      ) : null}
      {list.data && list.data.silences.length === 0 && <p className={css.muted}>No silences.</p>}
      {list.data && list.data.silences.length > 0 && (
        <table className={css.table}>
          <thead>
            <tr>
              <th scope="col">Matchers</th>
              <th scope="col">Status</th>
              <th scope="col">Starts</th>
              <th scope="col">Ends</th>
              <th scope="col">Created by</th>
              <th scope="col">Comment</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...list.data.silences]
              .sort((a, b) => statusRank(a.status) - statusRank(b.status) || b.startsAt.localeCompare(a.startsAt))
              .map((s) => (
                <tr key={s.name} data-testid="silence">
                  <td>
                    <span className={css.labels}>
                      {s.matchers.map((m) => (
                        <span key={`${m.label}${m.op}${m.value}`} className={css.label}>
                          {m.label}
                          {m.op}
                          {m.value}
                        </span>
                      ))}
                    </span>
                    <div className={css.muted}>
                      <code>{s.name}</code>
                    </div>
                  </td>
                  <td>
                    <span className={css.badge} data-tone={s.status === 'active' ? 'warn' : s.status === 'pending' ? 'info' : undefined}>
                      {s.status}
                    </span>
                  </td>
                  <td>{formatTime(Date.parse(s.startsAt))}</td>
                  <td>
                    {s.untilResolved ? 'until resolved' : s.endsAt ? formatTime(Date.parse(s.endsAt)) : '—'}
                    {s.status === 'active' && s.expiresInMs !== undefined && <div className={css.muted}>{formatAgo(Date.now() + s.expiresInMs)}</div>}
                  </td>
                  <td>{s.createdBy}</td>
                  <td>{s.comment}</td>
                  <td>
                    {canEdit && s.status !== 'expired' && (confirming === s.name ? (
                      <span role="group" aria-label={`Confirm expiring ${s.name}`}>
                        <button type="button" className="danger" onClick={() => void expire(s.name)}>
                          Confirm expire
                        </button>{' '}
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setConfirming(s.name)} aria-label={`Expire silence ${s.name}`}>
                        Expire
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function statusRank(s: string): number {
  return s === 'active' ? 0 : s === 'pending' ? 1 : 2;
}

const DURATIONS = ['30m', '1h', '2h', '4h', '8h', '1d', '3d', '1w'];

/** Create a silence: matchers (prefilled from an instance's labels), start, end (duration, time or until resolved), comment. */
function SilenceForm({ initial, onDone }: { initial: Matcher[]; onDone: (created: boolean) => void }) {
  const id = useId();
  const [matchers, setMatchers] = useState<Matcher[]>(initial);
  const [startsAt, setStartsAt] = useState('');
  const [endKind, setEndKind] = useState<'duration' | 'at' | 'resolved'>('duration');
  const [duration, setDuration] = useState('2h');
  const [endsAt, setEndsAt] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setMatcher = (i: number, patch: Partial<Matcher>) => setMatchers((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const start = startsAt ? localInputToIso(startsAt) : undefined;
    if (start === null) return setError('Starts: use a date and time');
    const end = endKind === 'at' ? localInputToIso(endsAt) : undefined;
    if (endKind === 'at' && !end) return setError('Ends: use a date and time');
    const ms = matchers.filter((m) => m.label.trim());
    if (ms.length === 0) return setError('Give at least one matcher');
    if (!comment.trim()) return setError('Comment: say why (it is shown to everyone who sees the silence)');
    setBusy(true);
    try {
      await api.post(
        '/silences',
        silenceBody({
          matchers: ms.map((m) => ({ ...m, label: m.label.trim() })),
          startsAt: start,
          end: endKind === 'duration' ? { kind: 'duration', value: duration } : endKind === 'at' ? { kind: 'at', value: end! } : { kind: 'resolved' },
          comment,
        }),
      );
      onDone(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={css.card} onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New silence</h2>
      <fieldset className={css.stack} style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className={css.muted}>Matchers (all must match an instance's labels)</legend>
        {matchers.map((m, i) => (
          <div key={i} className={css.form}>
            <label>
              <span>Label</span>
              <input aria-label="Label" type="text" value={m.label} onChange={(e) => setMatcher(i, { label: e.target.value })} />
            </label>
            <label>
              <span>Operator</span>
              <select aria-label="Operator" value={m.op} onChange={(e) => setMatcher(i, { op: e.target.value })}>
                <option value="=">= equals</option>
                <option value="!=">!= differs</option>
                <option value="=~">=~ matches regex</option>
                <option value="!~">!~ does not match</option>
              </select>
            </label>
            <label>
              <span>Value</span>
              <input aria-label="Value" type="text" value={m.value} onChange={(e) => setMatcher(i, { value: e.target.value })} />
            </label>
            <button type="button" onClick={() => setMatchers((ms) => ms.filter((_, j) => j !== i))} aria-label={`Remove matcher ${m.label || i + 1}`} disabled={matchers.length === 1}>
              Remove
            </button>
          </div>
        ))}
        <div>
          <button type="button" onClick={() => setMatchers((ms) => [...ms, { label: '', op: '=', value: '' }])}>
            Add matcher
          </button>
        </div>
      </fieldset>
      <div className={css.form} style={{ marginTop: '0.75rem' }}>
        <label>
          <span>Starts (UTC)</span>
          <input aria-label="Starts (UTC)" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} aria-describedby={`${id}-now`} />
          <span id={`${id}-now`} className={css.muted}>
            empty = now
          </span>
        </label>
        <label>
          <span>Ends</span>
          <select aria-label="Ends" value={endKind} onChange={(e) => setEndKind(e.target.value as typeof endKind)}>
            <option value="duration">after a duration</option>
            <option value="at">at a time</option>
            <option value="resolved">when resolved</option>
          </select>
        </label>
        {endKind === 'duration' && (
          <label>
            <span>Duration</span>
            <select aria-label="Duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
              {DURATIONS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        )}
        {endKind === 'at' && (
          <label>
            <span>Ends at (UTC)</span>
            <input aria-label="Ends at (UTC)" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
          </label>
        )}
      </div>
      <label className={css.stack} style={{ marginTop: '0.75rem' }}>
        <span>
          <strong>Comment</strong>
        </span>
        <textarea aria-label="Comment" rows={2} value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} placeholder="why, and who is on it" />
      </label>
      <ErrorNote error={error} />
      <div className={css.form} style={{ marginTop: '0.75rem' }}>
        <button type="submit" className="primary" disabled={busy}>
          Create silence
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The labels that say which instance it is: alertname and severity are shown in their own columns. */
function ownLabels(labels: Record<string, string>): string[] {
  return labelPairs(labels).filter((p) => !p.startsWith('alertname=') && !p.startsWith('severity='));
}

function LabelChips({ labels }: { labels: Record<string, string> }) {
  return (
    <span className={css.labels}>
      {ownLabels(labels).map((p) => (
        <span key={p} className={css.label}>
          {p}
        </span>
      ))}
    </span>
  );
}
