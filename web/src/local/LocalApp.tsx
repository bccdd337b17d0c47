import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Report } from '../api/types';
import { ProblemAlert, PageHeader, StatusBadge, Tabs, Field, EmptyState } from '../components/common';
import { RunCharts } from '../components/RunCharts';
import { ExceptionsTable, FailuresTable, PercentilesTable, StatsTable } from '../components/StatsTable';
import { formatCount, formatDateTime, formatPercent } from '../lib/format';
import { pushHistoryRow, RUN_SERIES, TimeSeries } from '../lib/series';
import { Findings, Thresholds } from '../pages/Run';
import { CURRENT_DOWNLOADS, local, runDownloads, type LocalSession, type SwarmForm, type TaskRatio, type UserClassRatio } from './api';

/** How often the page asks the runner for its state and numbers (the runner cuts its statistics once a second). */
export const POLL_MILLIS = 1000;

/**
 * The console's local mode: the web UI of `barrage run` without --headless, on this machine. Locust's page in the
 * console's components: the start form, the user count edited while a run runs, stop, reset, the statistics, charts,
 * failures, exceptions, thresholds and findings of the run shown, and each finished run's files.
 */
export function LocalApp({ pollMillis = POLL_MILLIS }: { pollMillis?: number }) {
  const [session, setSession] = useState<LocalSession | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      const [s, r] = await Promise.all([local.session(), local.report()]);
      setSession(s);
      setReport(r);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), pollMillis);
    return () => clearInterval(timer);
  }, [refresh, pollMillis]);

  const running = session?.running != null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Barrage runner</span>
        {session ? (
          <span className="account" data-testid="status">
            <StatusBadge status={session.state} /> {formatCount(session.userCount)} users
          </span>
        ) : null}
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <PageHeader title={session ? session.scenario : 'Barrage runner'}
          subtitle="barrage run on this machine; Locust's web API is served here too (POST /swarm, GET /stop)" />
        <ProblemAlert error={error} title="The runner did not answer" onRetry={() => void refresh()} />
        {session ? <Controls session={session} onChanged={refresh} /> : null}
        {session ? <Numbers report={report} live={running} userClasses={session.userClasses} /> : null}
        {session && session.runs.length > 0 ? <Runs session={session} /> : null}
      </main>
    </>
  );
}

function Controls({ session, onChanged }: { session: LocalSession; onChanged: () => Promise<void> }) {
  const running = session.running;
  const start = running ?? session.defaults;
  const [users, setUsers] = useState(String(start.users));
  const [rate, setRate] = useState(String(start.spawnRate));
  const [host, setHost] = useState(start.host ?? '');
  const [runTime, setRunTime] = useState(start.runTimeSeconds ? `${start.runTimeSeconds}s` : '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const form: SwarmForm = { user_count: users.trim(), spawn_rate: rate.trim() };
    if (!running) {
      form.host = host.trim();
      form.run_time = runTime.trim();
    }
    void act(() => local.swarm(form));
  };
  return (
    <form className="run-form panel" onSubmit={submit} noValidate aria-label={running ? 'Change the running test' : 'Start a test'}>
      <Field label="Number of users (peak concurrency)">
        {(p) => <input {...p} name="user_count" inputMode="numeric" value={users} onChange={(e) => setUsers(e.target.value)} />}
      </Field>
      <Field label="Spawn rate (users started/second)">
        {(p) => <input {...p} name="spawn_rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />}
      </Field>
      <Field label="Host" hint={running ? 'Stop the test to change it' : 'e.g. http://127.0.0.1:8099'}>
        {(p) => <input {...p} name="host" value={running ? running.host ?? '' : host} disabled={!!running}
          onChange={(e) => setHost(e.target.value)} />}
      </Field>
      <Field label="Run time (optional)" hint={running ? undefined : 'e.g. 30s, 5m; empty: until stopped'}>
        {(p) => <input {...p} name="run_time" value={running ? (running.runTimeSeconds ? `${running.runTimeSeconds}s` : '') : runTime}
          disabled={!!running} onChange={(e) => setRunTime(e.target.value)} />}
      </Field>
      <div className="wide page-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {running ? 'Update users' : 'Start'}
        </button>
        <button type="button" className="btn btn-danger" disabled={busy || !running} onClick={() => void act(local.stop)}>
          Stop
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void act(local.reset)}>
          Reset statistics
        </button>
      </div>
      <div className="wide" aria-live="polite">
        <ProblemAlert error={error} title={running ? 'The change was refused' : 'The test did not start'} />
      </div>
    </form>
  );
}

function Numbers({ report, live, userClasses }: { report: Report | null; live: boolean; userClasses: UserClassRatio[] }) {
  const series = useMemo(() => {
    const s = new TimeSeries(RUN_SERIES);
    for (const row of report?.history ?? []) if (row.key === null) pushHistoryRow(s, row);
    return s;
  }, [report]);
  const ratio = { id: 'ratio', label: 'Current ratio', content: <Ratio classes={userClasses} /> };
  if (!report) {
    return (
      <section className="panel" aria-label="Statistics">
        <EmptyState title="No statistics yet">Start a run: its statistics, charts and failures appear here.</EmptyState>
        <Tabs tabs={[ratio]} label="Scenario" />
      </section>
    );
  }
  const tabs = [
    {
      id: 'stats', label: 'Statistics', content: (
        <>
          <StatsTable rows={report.endpoints} aggregated={report.aggregated} mode={live ? 'live' : 'report'}
            caption={live ? 'Statistics so far (current rates: last 10 s)' : 'Statistics of the run'} />
          <PercentilesTable rows={report.endpoints} aggregated={report.aggregated} />
        </>
      ),
    },
    { id: 'charts', label: 'Charts', content: <RunCharts series={series} startMillis={report.run.startEpochMillis} version={series.version} /> },
    { id: 'failures', label: `Failures (${formatCount(report.failures.length)})`, content: <FailuresTable failures={report.failures} /> },
    { id: 'exceptions', label: `Exceptions (${formatCount(report.exceptions.length)})`, content: <ExceptionsTable exceptions={report.exceptions} /> },
    {
      id: 'outcome', label: 'Thresholds and findings', content: (
        <>
          {(report.thresholds ?? []).length > 0 ? <Thresholds report={report} /> : <p className="muted">No thresholds in this run.</p>}
          <Findings report={report} />
        </>
      ),
    },
    ratio,
    {
      id: 'downloads', label: 'Download data', content: (
        <ul className="downloads">
          {CURRENT_DOWNLOADS.map((d) => (
            <li key={d.href}><a className="btn" href={d.href} download>{d.label}</a></li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <section className="panel" aria-label="Statistics">
      <Tabs tabs={tabs} label="Run data" />
    </section>
  );
}

function Ratio({ classes }: { classes: UserClassRatio[] }) {
  const share = (s: number | null) => (s === null ? '' : formatPercent(s));
  const list = (tasks: TaskRatio[]) => (tasks.length === 0 ? null : (
    <ul>
      {tasks.map((t) => (
        <li key={t.name}>
          {t.name}: {t.share === null ? 'in order' : share(t.share)} (weight {t.weight}){list(t.tasks)}
        </li>
      ))}
    </ul>
  ));
  return (
    <ul className="ratio" data-testid="ratio">
      {classes.map((c) => (
        <li key={c.name}>
          <strong>{c.name}</strong>: {c.fixedCount !== null ? `${formatCount(c.fixedCount)} users (fixed count)` : `${share(c.share)} of the users (weight ${c.weight})`}
          {list(c.tasks)}
        </li>
      ))}
    </ul>
  );
}

function Runs({ session }: { session: LocalSession }) {
  return (
    <section className="panel" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs in this session</h2>
      <table className="data">
        <caption className="visually-hidden">Finished runs and their files</caption>
        <thead>
          <tr><th scope="col">Run</th><th scope="col">Users</th><th scope="col">Host</th><th scope="col">Started</th>
            <th scope="col" className="num">Requests</th><th scope="col" className="num">Failures</th><th scope="col">Files</th></tr>
        </thead>
        <tbody>
          {session.runs.map((r) => (
            <tr key={r.number} data-testid={`run-${r.number}`}>
              <td>{r.number}</td>
              <td>{formatCount(r.swarm.users)}</td>
              <td>{r.swarm.host}</td>
              <td>{r.startEpochMillis ? formatDateTime(r.startEpochMillis) : r.error}</td>
              <td className="num">{r.requests === undefined ? '' : formatCount(r.requests)}</td>
              <td className="num">{r.failures === undefined ? '' : formatCount(r.failures)}</td>
              <td>
                {r.requests === undefined ? null : runDownloads(r.number).map((d) => (
                  <a key={d.href} href={d.href} download className="file-link" aria-label={`Run ${r.number} ${d.label}`}>
                    {d.label}{' '}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
