import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import fs from 'node:fs';
import { openAlmanac } from '../almanac.js';
import { createKey } from '../auth/keys.js';
import { ROLES } from '../auth/roles.js';
import { applyBundle, bundleToYaml, exportBundle, parseBundle } from '../definitions/bundle.js';
import { runQuery, type QueryAnswer } from '../query/run-query.js';
import type { IngestResult, Role } from '../store/store.js';
import { fileFormat, ingestFile } from './ingest-file.js';
import { anomaliesFile, forecastFile } from './analyse-file.js';
import { isModelName, MODEL_NAMES } from '../analytics/forecast/index.js';
import { serve } from './serve.js';
import { callApi, closeTarget, openTarget, type TargetFlags } from './target.js';
import { formatTable } from './format-table.js';
import { fetchScorecard, formatScorecard } from './kpis.js';
import { fetchOutbox, formatChannelTest, formatOutbox, testChannel } from './notify.js';
import { loadDemo } from '../packs/web-service/load-demo.js';
import { loadInstances } from '../watch/alerts/instance-store.js';
import { formatInstances } from '../watch/alerts/format-instances.js';

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');

function targetOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (default $ALMANAC_DATA_DIR, else ./almanac-data)')
    .option('--url <url>', 'talk to a running server instead of a data directory')
    .option('--key <key>', 'API key for --url (default $ALMANAC_KEY)')
    .option('--workspace <name>', 'workspace for a data directory', 'default');
}

async function withTarget<T>(flags: TargetFlags, fn: (t: Awaited<ReturnType<typeof openTarget>>) => Promise<T>): Promise<T> {
  const t = await openTarget(flags);
  try {
    return await fn(t);
  } finally {
    await closeTarget(t);
  }
}

export async function runCli(program: Command): Promise<void> {
  program.name('almanac').description('Self-hosted analytics: ingest, store, query and watch metrics.').showHelpAfterError();

  program.command('serve').description('start the HTTP server')
    .addOption(new Option('--port <port>', 'port (default $PORT, else 8080)'))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data-dir <dir>', 'data directory')
    .option('--demo', 'load the demo data on first start')
    .option('--body-limit <bytes>', 'largest request body in bytes', String(64 * 1024 * 1024))
    .option('--query-timeout <seconds>', 'stop a metric query after this long (503 query_timeout)', '60')
    .action(async (o) => {
      await serve({
        port: Number(o.port ?? process.env.PORT ?? 8080), host: o.host, dataDir: o.dataDir, demo: Boolean(o.demo), bodyLimit: Number(o.bodyLimit),
        queryTimeoutSeconds: Number(o.queryTimeout),
      });
    });

  program.command('demo').description('load the demo datasets (web service + cloud costs) into a workspace of a data directory')
    .option('--data-dir <dir>', 'data directory (default $ALMANAC_DATA_DIR, else ./almanac-data)')
    .option('--workspace <name>', 'workspace', 'default')
    .action(async (o) => {
      const almanac = await openAlmanac({ dataDir: o.dataDir });
      try {
        if ((await almanac.store.listDefinitions(o.workspace, 'dataset')).some((d) => d.name === 'http_requests')) {
          throw new Error(`workspace "${o.workspace}" already has the demo data (dataset http_requests); use another --workspace`);
        }
        const bar = progressBar('rows');
        const n = await loadDemo(almanac, o.workspace, { end: Date.now() }, (rows) => bar?.update(rows));
        bar?.stop();
        out(`loaded ${n} demo rows into workspace "${o.workspace}"`);
      } finally {
        await almanac.close();
      }
    });

  targetOptions(program.command('ingest').description('ingest a CSV, NDJSON, JSON or Parquet file into a dataset').argument('<file>'))
    .requiredOption('--dataset <name>', 'dataset to write to (created if it does not exist)')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'ndjson', 'json', 'parquet']))
    .addOption(new Option('--mode <mode>', 'atomic stores nothing if a row is bad; partial stores the good rows').choices(['atomic', 'partial']).default('atomic'))
    .addOption(new Option('--precision <p>', 'unit of epoch-number timestamps').choices(['s', 'ms', 'us', 'ns']).default('ms'))
    .option('--time <column>', 'time column of a new dataset')
    .option('--id <column>', 'id column of a new dataset (duplicates are dropped)')
    .option('--json', 'print the answer as JSON')
    .action(async (file: string, o) => {
      const format = fileFormat(file, o.format);
      const bar = progressBar('rows');
      const result = await withTarget(o, (t) => ingestFile(t, o.dataset, file, format, { mode: o.mode, precision: o.precision, time: o.time, id: o.id },
        (n, total) => { bar?.setTotal(total); bar?.update(n); }))
        .catch((e) => {
          // A refused atomic ingest still has an answer to show: which rows, and why.
          const answer = (e as { body?: IngestResult }).body;
          if (answer && typeof answer.accepted === 'number') return answer;
          throw e;
        })
        .finally(() => bar?.stop());
      if (o.json) out(JSON.stringify(result, null, 2));
      else {
        out(`accepted ${result.accepted}, rejected ${result.rejected}, deduplicated ${result.deduplicated}`);
        for (const e of result.errors.slice(0, 20)) out(`  row ${e.row}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
        if ((result as { note?: string }).note) out(`note: ${(result as { note?: string }).note}`);
      }
      if (result.rejected > 0 && o.mode === 'atomic') process.exitCode = 1;
    });

  targetOptions(program.command('query').description('run a metric query and print a table').argument('[query]', 'the query as JSON (or use the flags)'))
    .option('--dataset <name>').option('--metric <name>')
    .option('--measure <expr...>', 'measures (expressions or metric names)')
    .option('--filter <expr>').option('--group-by <columns...>')
    .option('--from <time>', 'ISO time or relative (-24h, now-7d)').option('--to <time>')
    .option('--step <duration>', '1s … 1y').option('--limit <n>', 'top groups by the first measure')
    .addOption(new Option('--fill <fill>').choices(['null', 'zero', 'previous']))
    .option('--json', 'print the answer as JSON')
    .action(async (text: string | undefined, o) => {
      const query = text ? JSON.parse(text) : Object.fromEntries(Object.entries({
        dataset: o.dataset, metric: o.metric, measures: o.measure, filter: o.filter, groupBy: o.groupBy,
        from: o.from, to: o.to, step: o.step, limit: o.limit === undefined ? undefined : Number(o.limit), fill: o.fill,
      }).filter(([, v]) => v !== undefined));
      const answer = await withTarget(o, (t) => t.kind === 'local'
        ? runQuery(t.almanac.store, t.workspace, query)
        : callApi(t, 'POST', '/api/v1/query', { type: 'application/json', data: JSON.stringify(query) }) as Promise<QueryAnswer>);
      out(o.json ? JSON.stringify(answer, null, 2) : formatTable(answer));
    });

  targetOptions(program.command('apply').description('create or update definitions from a YAML/JSON bundle, all or nothing'))
    .requiredOption('-f, --file <file>', 'bundle file (- for stdin)')
    .option('--json', 'print the answer as JSON')
    .action(async (o) => {
      const text = o.file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(o.file, 'utf8');
      const result = await withTarget(o, async (t) => {
        if (t.kind === 'remote') return callApi(t, 'POST', '/api/v1/apply', { type: 'application/yaml', data: text });
        const docs = parseBundle(text);
        try {
          const r = await applyBundle(t.almanac.store, t.workspace, docs);
          await t.almanac.audit({ workspace: t.workspace, keyId: null, action: 'apply', target: `${docs.length} documents`, outcome: 'ok' });
          return r;
        } catch (e) {
          await t.almanac.audit({ workspace: t.workspace, keyId: null, action: 'apply', target: `${docs.length} documents`, outcome: 'error', detail: (e as Error).message });
          throw e;
        }
      }) as { created: unknown[]; updated: unknown[]; unchanged: unknown[] };
      out(o.json ? JSON.stringify(result, null, 2) : `created ${result.created.length}, updated ${result.updated.length}, unchanged ${result.unchanged.length}`);
    });

  targetOptions(program.command('kpis').description('print the KPI scorecard: value, achievement, category, change, confidence and forecast per KPI'))
    .option('--at <time>', 'ISO time or relative (now, -1d, now-7d); default now')
    .option('--names <names>', 'comma-separated KPI names (default: all)')
    .option('--json', 'print the scorecard as JSON')
    .action(async (o) => {
      const names = o.names ? String(o.names).split(',').map((n: string) => n.trim()).filter(Boolean) : undefined;
      const sc = await withTarget(o, (t) => fetchScorecard(t, { at: o.at, names }));
      out(o.json ? JSON.stringify(sc, null, 2) : formatScorecard(sc));
    });

  targetOptions(program.command('export').description('print the workspace definitions as one bundle'))
    .addOption(new Option('--format <format>').choices(['yaml', 'json']).default('yaml'))
    .action(async (o) => {
      const docs = await withTarget(o, async (t) => t.kind === 'local'
        ? exportBundle(t.almanac.store, t.workspace)
        : ((await callApi(t, 'GET', '/api/v1/export?format=json')) as { documents: never[] }).documents);
      out(o.format === 'json' ? JSON.stringify({ documents: docs }, null, 2) : bundleToYaml(docs));
    });

  program.command('forecast').description('forecast the series in a CSV file (no server or data directory needed)')
    .requiredOption('--input <file>', 'CSV with columns series (optional), timestamp (ISO or integer index), value')
    .requiredOption('--horizon <n>', 'steps to forecast')
    .option('--season <m>', 'seasonal period in steps, or auto', 'auto')
    .option('--model <name>', `model: auto or one of ${MODEL_NAMES.join(', ')}`, 'auto')
    .option('--output <file>', 'write the CSV here instead of stdout')
    .action((o) => {
      const horizon = Number(o.horizon);
      if (!Number.isInteger(horizon) || horizon < 1 || horizon > 10_000) throw new Error(`--horizon must be an integer from 1 to 10000, got ${o.horizon}`);
      const season = o.season === 'auto' ? 'auto' : Number(o.season);
      if (season !== 'auto' && (!Number.isInteger(season) || season < 1)) throw new Error(`--season must be a positive integer or auto, got ${o.season}`);
      if (o.model !== 'auto' && !isModelName(o.model)) throw new Error(`unknown --model ${o.model}; choose auto or one of ${MODEL_NAMES.join(', ')}`);
      const bar = progressBar('series');
      const { csv, warnings } = forecastFile(o.input, { horizon, season, model: o.model }, (n, total) => { bar?.setTotal(total); bar?.update(n); });
      bar?.stop();
      writeOutput(o.output, csv);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    });

  program.command('anomalies').description('score every row of the series in a CSV file for anomalies, in streaming order')
    .requiredOption('--input <file>', 'CSV with columns series (optional), timestamp (ISO or integer index), value')
    .addOption(new Option('--sensitivity <level>').choices(['low', 'medium', 'high']).default('medium'))
    .option('--output <file>', 'write the CSV here instead of stdout')
    .action((o) => {
      const bar = progressBar('series');
      const { csv } = anomaliesFile(o.input, o.sensitivity, (n, total) => { bar?.setTotal(total); bar?.update(n); });
      bar?.stop();
      writeOutput(o.output, csv);
    });

  targetOptions(program.command('alerts').description('list alert instances: state, rule, labels, since when, value (firing first)'))
    .addOption(new Option('--state <state>', 'only this state').choices(['normal', 'pending', 'firing', 'nodata', 'error']))
    .option('--rule <name>', 'only this rule')
    .option('--json', 'print the instances as JSON')
    .action(async (o) => {
      const rows = await withTarget(o, async (t) => {
        if (t.kind === 'remote') {
          const qs = new URLSearchParams({ ...(o.state ? { state: o.state } : {}), ...(o.rule ? { rule: o.rule } : {}) });
          return ((await callApi(t, 'GET', `/api/v1/alerts/instances?${qs}`)) as { instances: Parameters<typeof formatInstances>[0] }).instances;
        }
        return (await loadInstances(t.almanac.store.meta, t.workspace, o.rule)).filter((i) => !o.state || i.state === o.state);
      });
      out(o.json ? JSON.stringify(rows, null, 2) : formatInstances(rows, Date.now()));
    });

  targetOptions(program.command('outbox').description('list notification deliveries: status, attempts, last error'))
    .option('--status <status>', 'pending, delivered or failed')
    .option('--channel <name>', 'only this channel')
    .option('--limit <n>', 'at most this many, newest first', '50')
    .option('--json', 'print the deliveries as JSON')
    .action(async (o) => {
      const rows = await withTarget(o, (t) => fetchOutbox(t, { status: o.status, channel: o.channel, limit: o.limit }));
      out(o.json ? JSON.stringify(rows, null, 2) : formatOutbox(rows));
    });
  const channels = program.command('channels').description('notification channels');
  targetOptions(channels.command('test').description('send a test message to a channel now and say whether it arrived').argument('<name>'))
    .option('--json', 'print the answer as JSON')
    .action(async (name: string, o) => {
      const r = await withTarget(o, (t) => testChannel(t, name));
      out(o.json ? JSON.stringify(r, null, 2) : formatChannelTest(name, r));
      if (!r.delivered) process.exitCode = 1;
    });

  const keys = program.command('keys').description('manage API keys');
  targetOptions(keys.command('create').description('create a key; the key is the last line of output, shown only once'))
    .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'a label for the key')
    .action(async (o) => {
      const created = await withTarget(o, async (t) => {
        if (t.kind === 'remote') return callApi(t, 'POST', '/api/v1/keys', { type: 'application/json', data: JSON.stringify({ role: o.role, name: o.name }) }) as Promise<{ id: string; key: string; workspace: string }>;
        const { key, record } = await createKey(t.almanac.store, t.workspace, o.role as Role, o.name ?? null);
        await t.almanac.audit({ workspace: t.workspace, keyId: null, action: 'key.create', target: `key/${record.id}`, outcome: 'ok' });
        return { ...record, key };
      });
      out(`created ${o.role} key ${created.id} for workspace "${created.workspace}"; store it now, it is not shown again:`);
      out(created.key);
    });
  targetOptions(keys.command('list').description('list keys (ids, roles, state — never the keys)')).option('--json').action(async (o) => {
    const list = await withTarget(o, async (t) => t.kind === 'local'
      ? t.almanac.store.listKeys(t.workspace)
      : ((await callApi(t, 'GET', '/api/v1/keys')) as { keys: never[] }).keys) as { id: string; role: string; name: string | null; createdAt: number; revokedAt: number | null }[];
    if (o.json) { out(JSON.stringify(list, null, 2)); return; }
    out(['id\trole\tstate\tcreated\tname', ...list.map((k) => `${k.id}\t${k.role}\t${k.revokedAt ? 'revoked' : 'active'}\t${new Date(k.createdAt).toISOString()}\t${k.name ?? ''}`)].join('\n'));
  });
  targetOptions(keys.command('revoke').description('revoke a key by id').argument('<id>')).action(async (id: string, o) => {
    await withTarget(o, async (t) => {
      if (t.kind === 'remote') return callApi(t, 'DELETE', `/api/v1/keys/${encodeURIComponent(id)}`);
      if (!(await t.almanac.store.revokeKey(t.workspace, id))) throw new Error(`no active key "${id}" in workspace "${t.workspace}"`);
      await t.almanac.audit({ workspace: t.workspace, keyId: null, action: 'key.revoke', target: `key/${id}`, outcome: 'ok' });
    });
    out(`revoked ${id}`);
  });

  await program.parseAsync(process.argv);
}

function writeOutput(file: string | undefined, text: string) {
  if (file) fs.writeFileSync(file, text);
  else process.stdout.write(text);
}

function progressBar(unit: string, total?: number) {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: `{bar} {value}${total ? '/{total}' : ''} ${unit}`, noTTYOutput: false }, cliProgress.Presets.shades_classic);
  bar.start(total ?? 0, 0);
  return bar;
}
