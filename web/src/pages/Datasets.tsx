import { api, useApi, useAsync } from '../api.js';
import { exploreHref } from '../editor/explore-link.js';
import { formatAgo, formatBytes, formatCount, formatTime } from '../editor/format.js';
import { dimensionColumns, type DatasetInfo, type MetricInfo } from '../editor/suggest.js';
import { Link } from '../router.js';
import css from '../editor/pages.module.css';
import { ErrorNote } from '../editor/ErrorNote.js';

interface DatasetStats {
  rows: number;
  minTime: number | null;
  maxTime: number | null;
  rejects: number;
  sizeBytes?: number;
}
type Described = DatasetInfo & { stats: DatasetStats };

interface RejectRecord {
  row: number;
  column?: string;
  message: string;
  raw: string;
  receivedAt: number;
  requestId: string;
}

/** `/datasets` (the list) and `/datasets/<name>` (one dataset). */
export default function Datasets({ name }: { name?: string }) {
  return name ? <DatasetPage name={name} /> : <DatasetList />;
}

function DatasetList() {
  const list = useApi<{ datasets: DatasetInfo[] }>('/datasets');
  const names = (list.data?.datasets ?? []).map((d) => d.name);
  // Row counts and sizes come from each dataset's description: ask for them together.
  const stats = useAsync<Record<string, DatasetStats | null>>(names.length ? names.join(',') : null, async (signal) => {
    const all = await Promise.all(names.map((n) => api.get<Described>(`/datasets/${encodeURIComponent(n)}`, { signal }).then((d) => d.stats, () => null)));
    return Object.fromEntries(names.map((n, i) => [n, all[i]]));
  });

  return (
    <main className="page">
      <div className={css.header}>
        <h1>Datasets</h1>
      </div>
      <ErrorNote error={list.error} />
      {list.data && list.data.datasets.length === 0 && <p className={css.muted}>No datasets yet. Create one with the API or `almanac apply`.</p>}
      {list.data && list.data.datasets.length > 0 && (
        <table className={css.table}>
          <caption className="sr-only">Datasets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col" className={css.num}>Columns</th>
              <th scope="col" className={css.num}>Rows</th>
              <th scope="col" className={css.num}>Size</th>
              <th scope="col">Newest row</th>
              <th scope="col" className={css.num}>Rejects</th>
            </tr>
          </thead>
          <tbody>
            {list.data.datasets.map((d) => {
              const s = stats.data?.[d.name];
              return (
                <tr key={d.name}>
                  <td>
                    <Link to={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link>
                  </td>
                  <td>{d.description ?? ''}</td>
                  <td className={css.num}>{d.columns.length}</td>
                  <td className={css.num}>{s ? formatCount(s.rows) : stats.loading ? '…' : '—'}</td>
                  <td className={css.num}>{s ? sizeText(s) : '—'}</td>
                  <td>{s?.maxTime ? formatAgo(s.maxTime) : '—'}</td>
                  <td className={css.num}>{s ? formatCount(s.rejects) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}

function DatasetPage({ name }: { name: string }) {
  const path = `/datasets/${encodeURIComponent(name)}`;
  const ds = useApi<Described>(path);
  const rejects = useApi<{ rejects: RejectRecord[] }>(`${path}/rejects?limit=50`);
  const metrics = useApi<{ metrics: MetricInfo[] }>('/metrics');
  const d = ds.data;

  return (
    <main className="page">
      <div className={css.header}>
        <h1>
          <Link to="/datasets">Datasets</Link> / {name}
        </h1>
        {d && <SampleLinks ds={d} />}
      </div>
      <ErrorNote error={ds.error} />
      {d && (
        <>
          {d.description && <p>{d.description}</p>}
          <section className={css.card} aria-labelledby="ds-facts">
            <h2 id="ds-facts">Overview</h2>
            <dl className={css.facts}>
              <dt>Rows</dt>
              <dd>{formatCount(d.stats.rows)}</dd>
              <dt>Size on disk (approx.)</dt>
              <dd>{sizeText(d.stats)}</dd>
              <dt>Oldest row</dt>
              <dd>{formatTime(d.stats.minTime)}</dd>
              <dt>Newest row</dt>
              <dd>
                {formatTime(d.stats.maxTime)}
                {d.stats.maxTime ? <span className={css.muted}> ({formatAgo(d.stats.maxTime)})</span> : null}
              </dd>
              <dt>Rejected rows</dt>
              <dd>{formatCount(d.stats.rejects)}</dd>
              <dt>Time column</dt>
              <dd>
                <code>{d.timeColumn}</code>
              </dd>
              <dt>Id column</dt>
              <dd>{d.idColumn ? <code>{d.idColumn}</code> : <span className={css.muted}>none</span>}</dd>
            </dl>
          </section>

          <section aria-labelledby="ds-schema">
            <h2 id="ds-schema">Schema</h2>
            <table className={css.table}>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Type</th>
                  <th scope="col">Role</th>
                </tr>
              </thead>
              <tbody>
                {d.columns.map((c) => (
                  <tr key={c.name}>
                    <td>
                      <code>{c.name}</code>
                    </td>
                    <td>{c.type}</td>
                    <td>{columnRole(d, c.name, c.type)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          {(metrics.data?.metrics ?? []).some((m) => m.dataset === name) && (
            <section aria-labelledby="ds-metrics">
              <h2 id="ds-metrics">Metrics on this dataset</h2>
              <table className={css.table}>
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col">Expression</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Explore</th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.data!.metrics
                    .filter((m) => m.dataset === name)
                    .map((m) => (
                      <tr key={m.name}>
                        <td>
                          <code>{m.name}</code>
                          {m.description ? <div className={css.muted}>{m.description}</div> : null}
                        </td>
                        <td>
                          <code>{m.expr}</code>
                        </td>
                        <td>{m.unit ?? ''}</td>
                        <td>
                          <Link to={exploreHref({ query: { metric: m.name }, type: 'timeseries' })} aria-label={`Explore metric ${m.name}`}>
                            Explore
                          </Link>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}

      <section aria-labelledby="ds-rejects">
        <h2 id="ds-rejects">Recent rejects</h2>
        <ErrorNote error={rejects.error} />
        {rejects.data && rejects.data.rejects.length === 0 && <p className={css.muted}>No rejected rows.</p>}
        {rejects.data && rejects.data.rejects.length > 0 && (
          <table className={css.table}>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col" className={css.num}>Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
                <th scope="col">Raw</th>
              </tr>
            </thead>
            <tbody>
              {rejects.data.rejects.map((r, i) => (
                <tr key={`${r.requestId}-${r.row}-${i}`}>
                  <td title={formatTime(r.receivedAt)}>{formatAgo(r.receivedAt)}</td>
                  <td className={css.num}>{r.row}</td>
                  <td>{r.column ? <code>{r.column}</code> : ''}</td>
                  <td>{r.message}</td>
                  <td>
                    <code title={r.raw}>{r.raw.length > 120 ? `${r.raw.slice(0, 120)}…` : r.raw}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

/**
 * The stored size. The server counts whole storage blocks a table owns, so a
 * small table (or rows not yet checkpointed from the write-ahead log) reads 0:
 * say "small" rather than a size that is not true.
 */
function sizeText(s: DatasetStats): string {
  if (s.sizeBytes === 0 && s.rows > 0) return 'small';
  return formatBytes(s.sizeBytes);
}

function columnRole(d: DatasetInfo, name: string, type: string): string {
  if (name === d.timeColumn) return 'time';
  if (name === d.idColumn) return 'row id (deduplication)';
  if (type === 'number') return 'measure';
  return 'dimension';
}

/** Links to explore: rows over time, rows by the first dimension, p95 of the first number column. */
function SampleLinks({ ds }: { ds: DatasetInfo }) {
  const dim = dimensionColumns(ds)[0];
  const num = ds.columns.find((c) => c.type === 'number' && c.name !== ds.idColumn);
  const links = [
    { label: 'Rows over time', href: exploreHref({ query: { dataset: ds.name, measures: ['count()'] }, type: 'timeseries' }) },
    ...(dim ? [{ label: `Rows by ${dim.name}`, href: exploreHref({ query: { dataset: ds.name, measures: ['count()'], groupBy: [dim.name] }, type: 'bar' }) }] : []),
    ...(num ? [{ label: `p95(${num.name})`, href: exploreHref({ query: { dataset: ds.name, measures: [`p95(${num.name})`] }, type: 'timeseries' }) }] : []),
  ];
  return (
    <nav aria-label="Sample queries" className={css.toolbar}>
      <span className={css.muted}>Explore:</span>
      {links.map((l) => (
        <Link key={l.href} to={l.href}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
