import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Report, Run } from '../api/types';
import { EmptyState, Loading, PageHeader, ProblemAlert, StatusBadge } from '../components/common';
import { LineChart, type ChartLine } from '../components/LineChart';
import { TableScroll } from '../components/StatsTable';
import { compareEndpoints, type DeltaRow, type MetricDelta } from '../lib/compare';
import {
  formatCount, formatDateTime, formatDelta, formatMs, formatMsUnit, formatPercent, formatRps, shortId,
} from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { pushHistoryRow, RUN_SERIES, TimeSeries } from '../lib/series';
import { useApi } from '../lib/useApi';

interface Side {
  run: Run;
  report: Report;
}

function useSide(id: string | null): { side: Side | null; error: unknown; loading: boolean } {
  const [state, setState] = useState<{ side: Side | null; error: unknown; loading: boolean }>({ side: null, error: null, loading: !!id });
  useEffect(() => {
    if (!id) {
      setState({ side: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState({ side: null, error: null, loading: true });
    Promise.all([api<Run>(`/api/runs/${id}`), api<Report>(`/api/runs/${id}/report`)])
      .then(([run, report]) => live && setState({ side: { run, report }, error: null, loading: false }))
      .catch((error) => live && setState({ side: null, error, loading: false }));
    return () => {
      live = false;
    };
  }, [id]);
  return state;
}

function seriesOf(report: Report): { xs: number[]; series: TimeSeries } {
  const s = new TimeSeries(RUN_SERIES);
  for (const row of report.history) if (row.key === null) pushHistoryRow(s, row);
  const start = report.run.startEpochMillis || s.times()[0] || 0;
  return { xs: s.times().map((t) => (t - start) / 1000), series: s };
}

function formatValue(m: MetricDelta, v: number): string {
  switch (m.spec.kind) {
    case 'ms':
      return formatMs(v);
    case 'rps':
      return formatRps(v);
    case 'ratio':
      return formatPercent(v);
    default:
      return formatCount(v);
  }
}

function formatChange(m: MetricDelta): string {
  if (m.verdict === 'n/a') return '—';
  if (m.spec.kind === 'ratio') {
    const pts = m.delta * 100;
    return `${pts > 0 ? '+' : pts < 0 ? '−' : '±'}${Math.abs(pts).toFixed(2)} pts`;
  }
  return formatDelta(m.delta);
}

export function ComparePage() {
  const { query } = useLocation();
  const a = query.get('a');
  const b = query.get('b');
  const A = useSide(a);
  const B = useSide(b);
  const recent = useApi<Run[]>('/api/runs?limit=100');
  const pick = (which: 'a' | 'b', id: string) => {
    const q = new URLSearchParams(query);
    if (id) q.set(which, id);
    else q.delete(which);
    navigate(`/compare?${q.toString()}`, { replace: true });
  };
  const choices = (recent.data ?? []).filter((r) => ['finished', 'stopped', 'running'].includes(r.status) || r.id === a || r.id === b);

  const rows = useMemo(
    () => (A.side && B.side ? compareEndpoints(A.side.report.endpoints, B.side.report.endpoints, A.side.report.aggregated, B.side.report.aggregated) : []),
    [A.side, B.side],
  );
  const charts = useMemo(() => {
    if (!A.side || !B.side) return null;
    const sa = seriesOf(A.side.report);
    const sb = seriesOf(B.side.report);
    const pair = (key: string, what: string, color: number): ChartLine[] => [
      { label: `A ${what}`, xs: sa.xs, ys: [...sa.series.values(key)], color },
      { label: `B ${what}`, xs: sb.xs, ys: [...sb.series.values(key)], color: color + 1, dashed: true },
    ];
    return { rps: pair('rps', 'RPS', 0), p95: pair('p95', 'p95', 2), fps: pair('fps', 'failures/s', 0), users: pair('users', 'users', 3) };
  }, [A.side, B.side]);
  const regressions = rows.reduce((n, r) => n + r.regressions, 0);

  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/runs">Runs</Link> / Compare
      </p>
      <PageHeader title="Compare two runs" subtitle="A is the baseline; B is judged against it. Changes over 10 % (times, RPS) or 0.5 points (failures) count." />
      <div className="compare-pickers panel">
        {(['a', 'b'] as const).map((which) => (
          <label key={which}>
            <span>Run {which.toUpperCase()}{which === 'a' ? ' (baseline)' : ''}</span>
            <select value={(which === 'a' ? a : b) ?? ''} onChange={(e) => pick(which, e.target.value)}>
              <option value="">Choose a run…</option>
              {choices.map((r) => (
                <option key={r.id} value={r.id}>
                  {shortId(r.id)} · {r.status} · {formatDateTime(r.startedAt ?? r.createdAt)} · {r.users} users{r.tags.length ? ` · ${r.tags.join(',')}` : ''}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <ProblemAlert error={recent.error} title="Runs could not be loaded" />
      <ProblemAlert error={A.error} title="Run A could not be loaded" />
      <ProblemAlert error={B.error} title="Run B could not be loaded" />
      {(A.loading || B.loading) ? <Loading what="the reports" /> : null}
      {!a || !b ? (
        <EmptyState title="Choose two runs">
          <p>
            Pick a baseline (A) and a run to judge (B) above, or tick two runs in the <Link to="/runs">run history</Link>.
          </p>
        </EmptyState>
      ) : null}
      {A.side && B.side && charts ? (
        <>
          <div className="compare-heads">
            {[A.side, B.side].map((s, i) => (
              <div key={s.run.id} className="panel compare-head">
                <h2>
                  {i === 0 ? 'A' : 'B'}: <Link to={`/runs/${s.run.id}`} className="mono">{shortId(s.run.id)}</Link> <StatusBadge status={s.run.status} />
                </h2>
                <p className="muted">
                  {s.report.run.scenario} → {s.run.host} · {s.run.users} users · {formatDateTime(s.run.startedAt ?? s.run.createdAt)}
                </p>
              </div>
            ))}
          </div>
          <section aria-labelledby="delta-h" className="panel">
            <h2 id="delta-h">
              Per endpoint{' '}
              <span className={regressions ? 'badge badge-failed' : 'badge badge-finished'}>
                {regressions ? `${regressions} regression${regressions === 1 ? '' : 's'}` : 'no regression'}
              </span>
            </h2>
            <DeltaTable rows={rows} />
          </section>
          <section aria-labelledby="overlay-h" className="panel">
            <h2 id="overlay-h">Over time (A solid, B dashed; seconds since each run’s start)</h2>
            <div className="charts">
              <LineChart title="Total requests per second" lines={charts.rps} format={formatRps} />
              <LineChart title="95th percentile response time" lines={charts.p95} format={formatMsUnit} />
              <LineChart title="Failures per second" lines={charts.fps} format={formatRps} />
              <LineChart title="Number of users" lines={charts.users} format={formatCount} />
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}

export function DeltaTable({ rows }: { rows: DeltaRow[] }) {
  const metrics = rows[0]?.metrics.map((m) => m.spec) ?? [];
  return (
    <TableScroll label="Per-endpoint comparison">
      <table className="data delta-table">
        <caption className="visually-hidden">Per endpoint: run A, run B and the change; regressions are marked</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>Type</th>
            <th scope="col" rowSpan={2}>Name</th>
            {metrics.map((m) => (
              <th key={m.id} scope="colgroup" colSpan={3} className="group">
                {m.label}
              </th>
            ))}
          </tr>
          <tr>
            {metrics.map((m) => (
              ['A', 'B', 'Change'].map((h) => (
                <th key={`${m.id}-${h}`} scope="col" className="num">
                  {h}
                </th>
              ))
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.key === 'aggregated' ? 'aggregated' : r.regressions ? 'row-regression' : undefined}>
              <td>{r.key === 'aggregated' ? '' : r.type}</td>
              <th scope="row" className="name">
                {r.key === 'aggregated' ? 'Aggregated' : r.name}
                {!r.a ? <span className="sub"> (only in B)</span> : !r.b ? <span className="sub"> (only in A)</span> : null}
              </th>
              {r.metrics.map((m) => [
                <td key={`${m.spec.id}-a`} className="num">{formatValue(m, m.a)}</td>,
                <td key={`${m.spec.id}-b`} className="num">{formatValue(m, m.b)}</td>,
                <td key={`${m.spec.id}-d`} className={`num delta ${m.verdict}`}>
                  {formatChange(m)}
                  {m.verdict === 'regression' ? <span className="verdict"> regression</span> : m.verdict === 'improvement' ? <span className="verdict"> better</span> : null}
                </td>,
              ])}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
