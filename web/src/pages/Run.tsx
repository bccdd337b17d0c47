import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useCanWrite } from '../App';
import { api, ApiError, download } from '../api/client';
import { followLive } from '../api/live';
import {
  isEnded, type EndpointRow, type Failure, type LiveUpdate, type Project, type Report, type Run, type ThresholdResult,
} from '../api/types';
import { BASELINE_PATH, BaselineVerdictPanel, UseAsBaseline } from '../components/Baseline';
import { Loading, Notice, PageHeader, ProblemAlert, StatusBadge, Tabs } from '../components/common';
import { DELIVERIES_PATH, DeliveriesTable } from '../components/Deliveries';
import { RunCharts } from '../components/RunCharts';
import { Shortfall } from './Shortfall';
import { ExceptionsTable, FailuresTable, PercentilesTable, StatsTable, TableScroll } from '../components/StatsTable';
import {
  formatCount, formatDateTime, formatDuration, formatMsUnit, formatPercent, formatRps, formatVuHours, shortId, vuHours,
} from '../lib/format';
import { useCapabilities } from '../lib/capabilities';
import { compareHref } from '../lib/compare';
import { Link } from '../lib/router';
import { pushHistoryRow, RUN_SERIES, TimeSeries } from '../lib/series';
import { useApi } from '../lib/useApi';

/** One run: live while it runs (statistics every second), then its report. */
export function RunPage({ runId }: { runId: string }) {
  const [run, setRun] = useState<Run | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [live, setLive] = useState<LiveUpdate | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [reportError, setReportError] = useState<unknown>(null);
  const [streamState, setStreamState] = useState<'idle' | 'connecting' | 'open' | 'retrying'>('idle');
  const [streamError, setStreamError] = useState<unknown>(null);
  const series = useRef(new TimeSeries(RUN_SERIES));
  const [version, setVersion] = useState(0);
  const canWrite = useCanWrite();
  const caps = useCapabilities();
  const project = useApi<Project>(run ? `/api/projects/${run.projectId}` : null);

  const ended = run ? isEnded(run.status) : false;

  const loadRun = useCallback(async () => {
    try {
      const r = await api<Run>(`/api/runs/${runId}`);
      setRun(r);
      setRunError(null);
      return r;
    } catch (e) {
      setRunError(e);
      return null;
    }
  }, [runId]);

  const loadReport = useCallback(async (final: boolean) => {
    try {
      const rep = await api<Report>(`/api/runs/${runId}/report`);
      setReport(rep);
      setReportError(null);
      // the report's time series replaces whatever was collected live: it is complete
      if (final || series.current.length === 0) {
        series.current.clear();
        for (const row of rep.history) if (row.key === null) pushHistoryRow(series.current, row);
        setVersion((v) => v + 1);
      }
    } catch (e) {
      // a run that has not reported yet has no statistics: not an error while it starts
      if (!(e instanceof ApiError && e.status === 404 && !final)) setReportError(e);
    }
  }, [runId]);

  // the run itself, polled while it is in progress (status, runner health)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let stop = false;
    const tick = async () => {
      const r = await loadRun();
      if (stop) return;
      if (!r || !isEnded(r.status)) timer = setTimeout(tick, 2000);
    };
    tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [loadRun]);

  // while in progress: the numbers so far (for the charts' history), then the live stream
  const inProgress = run !== null && !ended;
  useEffect(() => {
    if (!inProgress) return;
    const ctl = new AbortController();
    let retry: ReturnType<typeof setTimeout>;
    loadReport(false);
    const connect = () => {
      setStreamState('connecting');
      followLive(runId, {
        onUpdate: (u) => {
          setStreamState('open');
          setStreamError(null);
          setLive(u);
          if (u.latest) {
            pushHistoryRow(series.current, u.latest);
            setVersion((v) => v + 1);
          }
        },
        onEnd: () => {
          if (ctl.signal.aborted) return;
          // the run ended (or the connection was cut): the run poll tells which; reconnect if it still runs
          setStreamState('retrying');
          retry = setTimeout(() => loadRun().then((r) => r && !isEnded(r.status) && !ctl.signal.aborted && connect()), 1000);
        },
        onError: (e) => {
          if (ctl.signal.aborted) return;
          if (e instanceof ApiError && e.status === 409) {
            // not in progress any more
            loadRun();
            return;
          }
          setStreamError(e);
          setStreamState('retrying');
          retry = setTimeout(() => loadRun().then((r) => r && !isEnded(r.status) && !ctl.signal.aborted && connect()), 2000);
        },
      }, ctl.signal);
    };
    connect();
    return () => {
      ctl.abort();
      clearTimeout(retry);
      setStreamState('idle');
    };
  }, [inProgress, runId, loadRun, loadReport]);

  // once ended: the report
  useEffect(() => {
    if (ended) loadReport(true);
  }, [ended, loadReport]);

  if (runError && !run) return <ProblemAlert error={runError} title="This run could not be loaded" onRetry={loadRun} />;
  if (!run) return <Loading what="the run" />;

  const rows: EndpointRow[] = ended ? report?.endpoints ?? [] : live?.endpoints ?? report?.endpoints ?? [];
  const aggregated = ended ? report?.aggregated : live?.aggregated ?? report?.aggregated;
  const failures: Failure[] = ended ? report?.failures ?? [] : live?.failures ?? report?.failures ?? [];
  const startMillis = report?.run.startEpochMillis || (run.startedAt ? Date.parse(run.startedAt) : 0) || series.current.times()[0] || Date.now();
  const peakUsers = series.current.values('users').reduce((m, u) => (u > m ? u : m), 0);
  const users = ended ? peakUsers : live?.users ?? report?.run.users ?? 0;
  const elapsed = live?.elapsedSeconds ?? (report ? (report.run.endEpochMillis - report.run.startEpochMillis) / 1000 : 0);
  const mode = ended ? 'report' : 'live';

  const tabs = [
    { id: 'stats', label: 'Statistics', content: <StatsTable rows={rows} aggregated={aggregated} mode={mode} caption="Request statistics" /> },
    { id: 'charts', label: 'Charts', content: <RunCharts series={series.current} startMillis={startMillis} version={version} /> },
    {
      id: 'failures',
      label: `Failures${failures.length ? ` (${failures.length})` : ''}`,
      content: <FailuresTable failures={failures} />,
    },
    ...(ended && report
      ? [
          { id: 'percentiles', label: 'Percentiles', content: <PercentilesTable rows={report.endpoints} aggregated={report.aggregated} /> },
          { id: 'exceptions', label: `Exceptions${report.exceptions.length ? ` (${report.exceptions.length})` : ''}`, content: <ExceptionsTable exceptions={report.exceptions} /> },
        ]
      : []),
    { id: 'runners', label: 'Runners', content: <RunnersTable run={run} /> },
    ...(!caps.paths || caps.has(DELIVERIES_PATH)
      ? [{ id: 'notifications', label: 'Notifications', content: <DeliveriesTable key={run.status} runId={runId} projectId={run.projectId} /> }]
      : []),
    { id: 'downloads', label: 'Download data', content: <Downloads runId={runId} ended={ended} /> },
  ];

  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/">Projects</Link> / <Link to={`/projects/${run.projectId}`}>{project.data?.name ?? 'Project'}</Link> /{' '}
        <Link to={`/runs?projectId=${run.projectId}`}>Runs</Link> / {shortId(run.id)}
      </p>
      <PageHeader
        title={
          <>
            Run <span className="mono">{shortId(run.id)}</span> <StatusBadge status={run.status} />
          </>
        }
        subtitle={<>{report?.run.scenario ? `${report.run.scenario} → ` : ''}{run.host}</>}
        actions={
          ended ? (
            <Link to={compareHref([run.id])} className="btn">
              Compare with another run
            </Link>
          ) : undefined
        }
      />
      {run.statusReason ? <Notice kind={run.status === 'failed' ? 'warning' : 'info'}>{run.statusReason}</Notice> : null}
      {run.rejectedRecords ? (
        <Notice kind="warning">
          <span data-testid="rejected-records">
            {formatCount(run.rejectedRecords)} {run.rejectedRecords === 1 ? 'record' : 'records'} claiming to be this run’s
            were rejected and not counted: not sent by its runners (a wrong signature, another run’s, or a repeat).
          </span>
        </Notice>
      ) : null}

      <dl className="summary" aria-label="Run summary">
        <div>
          <dt>{ended ? 'Peak users' : 'Users'}</dt>
          <dd data-testid="summary-users">
            {formatCount(users)} <span className="muted">/ {formatCount(run.users)}</span>
          </dd>
        </div>
        <div>
          <dt>{ended ? 'RPS' : 'Current RPS'}</dt>
          <dd data-testid="summary-rps">{formatRps(ended ? aggregated?.rps : aggregated?.currentRps)}</dd>
        </div>
        <div>
          <dt>Requests</dt>
          <dd data-testid="summary-requests">{formatCount(aggregated?.requests ?? 0)}</dd>
        </div>
        <div>
          <dt>Failures</dt>
          <dd data-testid="summary-failures">{formatPercent(aggregated?.failRatio ?? 0)}</dd>
        </div>
        <div>
          <dt>Median / p95</dt>
          <dd>
            {formatMsUnit(aggregated?.medianMillis)} / {formatMsUnit(aggregated?.percentilesMillis?.['95%'])}
          </dd>
        </div>
        <div>
          <dt>{ended ? 'Ran for' : 'Elapsed'}</dt>
          <dd>
            {formatDuration(elapsed)} <span className="muted">/ {formatDuration(run.durationSeconds)}</span>
          </dd>
        </div>
      </dl>

      {!ended ? (
        <div className="live-bar">
          <p className="live-indicator" role="status">
            {streamState === 'open' ? (
              <>
                <span className="dot" aria-hidden="true" /> Live: updated every second
              </>
            ) : run.status === 'starting' ? (
              'Starting: waiting for the runners to be ready…'
            ) : streamState === 'retrying' ? (
              'Reconnecting to the live statistics…'
            ) : (
              'Connecting to the live statistics…'
            )}
          </p>
          {canWrite ? <LiveControls run={run} onChanged={setRun} /> : null}
        </div>
      ) : null}
      {streamError && !ended ? <ProblemAlert error={streamError} title="The live statistics were interrupted" /> : null}
      {!ended && live?.thresholds && live.thresholds.length > 0 ? <LiveThresholds thresholds={live.thresholds} /> : null}
      {ended ? <ProblemAlert error={reportError} title="The report could not be loaded" onRetry={() => loadReport(true)} /> : null}
      {ended && report?.thresholds && report.thresholds.length > 0 ? <Thresholds report={report} /> : null}
      {ended && run.baseline ? <BaselineVerdictPanel verdict={run.baseline} /> : null}
      {(run.status === 'finished' || run.status === 'stopped') && report && (!caps.paths || caps.has(BASELINE_PATH)) ? (
        <UseAsBaseline run={run} canWrite={canWrite} />
      ) : null}
      {ended && report ? <Findings report={report} /> : null}
      {ended && report ? <Shortfall report={report} /> : null}
      {ended && !report && !reportError ? <Loading what="the report" /> : null}

      <Tabs tabs={tabs} label="Run details" />
      <RunFacts run={run} />
    </div>
  );
}

function LiveControls({ run, onChanged }: { run: Run; onChanged: (r: Run) => void }) {
  const [users, setUsers] = useState(String(run.users));
  const [rate, setRate] = useState(String(run.spawnRate));
  const [busy, setBusy] = useState<'users' | 'stop' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const change = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('users');
    setError(null);
    try {
      const r = await api<Run>(`/api/runs/${run.id}/users`, { body: { users: Number(users), spawnRate: Number(rate) } });
      onChanged(r);
      setDone(`Asked the runners for ${users} users at ${rate}/s.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const stop = async () => {
    setBusy('stop');
    setError(null);
    try {
      onChanged(await api<Run>(`/api/runs/${run.id}/stop`, { method: 'POST' }));
      setDone('Stopping: users finish within the stop timeout, then the report is written.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="live-controls">
      <form className="inline-form" onSubmit={change} aria-label="Change the user count">
        <label>
          <span>Users</span>
          <input type="number" min={0} step={1} value={users} onChange={(e) => setUsers(e.target.value)} disabled={run.status !== 'running'} />
        </label>
        <label>
          <span>Spawn rate</span>
          <input type="number" min={0.1} step="any" value={rate} onChange={(e) => setRate(e.target.value)} disabled={run.status !== 'running'} />
        </label>
        <button type="submit" className="btn" disabled={busy !== null || run.status !== 'running'}>
          {busy === 'users' ? 'Changing…' : 'Change users'}
        </button>
      </form>
      <button type="button" className="btn btn-danger" onClick={stop} disabled={busy !== null || run.status === 'stopping'}>
        {busy === 'stop' ? 'Stopping…' : run.status === 'stopping' ? 'Stopping…' : 'Stop run'}
      </button>
      {done ? <p className="hint" role="status">{done}</p> : null}
      <ProblemAlert error={error} title="The runners did not take the change" />
    </div>
  );
}

const FINDING_TITLES: Record<string, string> = {
  knee: 'Throughput knee',
  failureJump: 'Failure-rate jump',
  responseTimeTrend: 'Response-time trend',
};

/** What the report's time series shows without reading the charts: the knee, a failure jump, a response-time trend. */
export function Findings({ report }: { report: Report }) {
  if (report.findings == null) return null;
  const list = report.findings;
  return (
    <section className="panel findings" aria-labelledby="findings-h" data-testid="findings">
      <h2 id="findings-h">Findings</h2>
      {list.length === 0 ? (
        <p className="muted">No knee, failure jump or response-time trend in this run’s time series.</p>
      ) : (
        <ul>
          {list.map((f, i) => (
            <li key={i}>
              <strong>{FINDING_TITLES[f.kind] ?? f.kind}</strong> at {formatDuration(Math.round(f.atSecond))}
              {' '}({formatCount(f.users)} users, {f.rps.toFixed(1)} req/s): {f.summary}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Thresholds({ report }: { report: Report }) {
  const list = report.thresholds ?? [];
  const failed = list.filter((t) => !t.passed).length;
  return (
    <section className={`panel thresholds ${failed ? 'failed' : 'passed'}`} aria-labelledby="thresholds-h">
      <h2 id="thresholds-h">
        Thresholds: {failed ? `${failed} of ${list.length} failed` : `all ${list.length} passed`}
      </h2>
      <ul>
        {list.map((t, i) => (
          <li key={i} className={t.passed ? 'pass' : 'fail'}>
            <strong>{t.passed ? 'Passed' : 'Failed'}</strong> {t.threshold}
            {t.endpoint ? ` on ${t.endpoint}` : ''}: {t.actualText}
          </li>
        ))}
      </ul>
    </section>
  );
}

type LiveState = 'waiting' | 'passing' | 'failing';

/** Nothing to judge yet (a window not full, no requests yet) when the actual value is not a number ("NaN" in JSON). */
function liveState(t: ThresholdResult): LiveState {
  if (typeof t.actual !== 'number' || !Number.isFinite(t.actual)) return 'waiting';
  return t.passed ? 'passing' : 'failing';
}

const LIVE_LABEL: Record<LiveState, string> = { waiting: 'Waiting', passing: 'Passing', failing: 'Failing' };

/** The run's thresholds as they stand so far, from the live stream; an aborting one stops the run when it fails. */
export function LiveThresholds({ thresholds }: { thresholds: ThresholdResult[] }) {
  const states = thresholds.map(liveState);
  const count = (s: LiveState) => states.filter((x) => x === s).length;
  const summary = (['failing', 'waiting', 'passing'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`).join(', ');
  const tone = count('failing') ? 'failed' : count('waiting') ? 'waiting' : 'passed';
  return (
    <section className={`panel thresholds live-thresholds ${tone}`} aria-labelledby="live-thresholds-h" data-testid="live-thresholds">
      <h2 id="live-thresholds-h">Thresholds so far: {summary}</h2>
      <ul>
        {thresholds.map((t, i) => (
          <li key={i} className={states[i] === 'failing' ? 'fail' : states[i] === 'passing' ? 'pass' : 'wait'}>
            <strong>{LIVE_LABEL[states[i]]}</strong> {t.threshold}
            {t.endpoint ? ` on ${t.endpoint}` : ''}: {t.actualText}
            {/\babort\b/.test(t.threshold) ? <span className="sub"> (stops the run when it fails)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RunnersTable({ run }: { run: Run }) {
  if (run.runnerStates.length === 0) return <p className="muted">No runner has been started yet.</p>;
  return (
    <TableScroll label="Runners">
      <table className="data">
        <caption className="visually-hidden">Runner health</caption>
        <thead>
          <tr>
            <th scope="col">Runner</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Reports received</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {run.runnerStates.map((r) => (
            <tr key={r.index}>
              <th scope="row">#{r.index}</th>
              <td>
                <span className={`badge badge-runner-${r.status.toLowerCase()}`}>{r.status.toLowerCase()}</span>
              </td>
              <td className="num">{formatCount(r.lastReport)}</td>
              <td className="message">{r.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const DOWNLOADS: { label: string; query: string; file: (id: string) => string }[] = [
  { label: 'Statistics (CSV, Locust _stats.csv)', query: 'format=csv&file=stats', file: (id) => `run-${id}_stats.csv` },
  { label: 'History (CSV, Locust _stats_history.csv)', query: 'format=csv&file=stats_history', file: (id) => `run-${id}_stats_history.csv` },
  { label: 'Failures (CSV, Locust _failures.csv)', query: 'format=csv&file=failures', file: (id) => `run-${id}_failures.csv` },
  { label: 'Exceptions (CSV, Locust _exceptions.csv)', query: 'format=csv&file=exceptions', file: (id) => `run-${id}_exceptions.csv` },
  { label: 'Report (HTML, opens offline)', query: 'format=html', file: (id) => `run-${id}.html` },
  { label: 'Report (JSON)', query: 'format=json', file: (id) => `run-${id}.json` },
];

function Downloads({ runId, ended }: { runId: string; ended: boolean }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const get = async (d: (typeof DOWNLOADS)[number]) => {
    setBusy(d.label);
    setError(null);
    try {
      await download(`/api/runs/${runId}/report?${d.query}`, d.file(runId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div>
      {!ended ? <p className="hint">The run is in progress: these files hold the numbers so far.</p> : null}
      <ul className="downloads">
        {DOWNLOADS.map((d) => (
          <li key={d.label}>
            <button type="button" className="btn" onClick={() => get(d)} disabled={busy !== null}>
              {busy === d.label ? 'Downloading…' : d.label}
            </button>
          </li>
        ))}
      </ul>
      <ProblemAlert error={error} title="The download failed" />
    </div>
  );
}

function RunFacts({ run }: { run: Run }) {
  const facts = useMemo(
    () => [
      ['Run id', run.id],
      ['Scenario version', run.scenarioVersionId],
      ['Target users', formatCount(run.users)],
      ['Spawn rate', `${run.spawnRate}/s`],
      ['Run time', formatDuration(run.durationSeconds)],
      ['Stop timeout', formatDuration(run.stopTimeoutSeconds)],
      ['Runners', String(run.runners)],
      ['At most', formatVuHours(run.reservedVuHours ?? vuHours(run.users, run.durationSeconds))],
      ['Tags', run.tags.join(', ') || '—'],
      ['Parameters', Object.entries(run.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(' · ') || '—'],
      ['Git', run.git ? [run.git.repository, run.git.branch, run.git.commit?.slice(0, 10), run.git.pullRequest ? `#${run.git.pullRequest}` : null].filter(Boolean).join(' · ') : '—'],
      ['Created', `${formatDateTime(run.createdAt)} by ${run.createdBy}`],
      ['Started', formatDateTime(run.startedAt)],
      ['Ended', formatDateTime(run.endedAt)],
    ],
    [run],
  );
  return (
    <details className="panel facts">
      <summary>Run settings</summary>
      <dl>
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className={k.endsWith('id') || k === 'Scenario version' ? 'mono' : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

