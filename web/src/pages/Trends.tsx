import { useMemo, useState, type FormEvent } from 'react';
import { useCanWrite } from '../App';
import { api, query as qs } from '../api/client';
import type { MetricId, Project, Trend, TrendSeries } from '../api/types';
import { useBaseline } from '../components/Baseline';
import { ConfirmButton, EmptyState, Loading, PageHeader, ProblemAlert } from '../components/common';
import { LineChart, type ChartLine } from '../components/LineChart';
import { TableScroll } from '../components/StatsTable';
import {
  compareHref, DEFAULT_METRIC, formatMetricUnit, MAX_COMPARED, METRICS, metricSpec, metricValue, toleranceText,
} from '../lib/compare';
import { formatCount, formatDateTime, formatDay, formatShortDateTime, formatTimeOfDay, shortId } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useApi } from '../lib/useApi';

const LIMITS = ['10', '30', '100'];
/** The request count depends on each run's length: not a trend. */
const TREND_METRICS = METRICS.filter((m) => m.id !== 'requests');

/** A project's finished and stopped runs over time, endpoint by endpoint, with its baseline. */
export function TrendsPage({ projectId }: { projectId: string }) {
  const { query } = useLocation();
  const limit = LIMITS.includes(query.get('limit') ?? '') ? query.get('limit')! : '30';
  const branch = query.get('branch') ?? '';
  const project = useApi<Project>(`/api/projects/${projectId}`);
  const trend = useApi<Trend>(`/api/projects/${projectId}/trends${qs({ limit, branch })}`);
  const baseline = useBaseline(projectId);
  const canWrite = useCanWrite();
  const [metric, setMetric] = useState<MetricId>(DEFAULT_METRIC);
  const [draftBranch, setDraftBranch] = useState(branch);
  const [clearError, setClearError] = useState<unknown>(null);

  const show = (next: { limit: string; branch: string }) =>
    navigate(`/projects/${projectId}/trends${qs({ limit: next.limit === '30' ? '' : next.limit, branch: next.branch.trim() })}`, { replace: true });
  const applyBranch = (e: FormEvent) => {
    e.preventDefault();
    show({ limit, branch: draftBranch });
  };
  const clear = async () => {
    setClearError(null);
    try {
      await api<void>(`/api/projects/${projectId}/baseline`, { method: 'DELETE' });
      baseline.set(null);
      trend.reload();
    } catch (e) {
      setClearError(e);
    }
  };

  const data = trend.data;
  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/">Projects</Link> / <Link to={`/projects/${projectId}`}>{project.data?.name ?? 'Project'}</Link> / Trends
      </p>
      <PageHeader
        title="Trends"
        subtitle="The project’s finished and stopped runs, oldest first: one chart per endpoint, a point per run."
      />
      <form className="filters panel" onSubmit={applyBranch} aria-label="Which runs">
        <label>
          <span>Runs</span>
          <select value={limit} onChange={(e) => show({ limit: e.target.value, branch })}>
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                The newest {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Branch</span>
          <input value={draftBranch} onChange={(e) => setDraftBranch(e.target.value)} placeholder="any branch" />
        </label>
        <div className="filter-actions">
          <button type="submit" className="btn">
            Apply branch
          </button>
        </div>
        <label>
          <span>Metric</span>
          <select value={metric} onChange={(e) => setMetric(e.target.value as MetricId)}>
            {TREND_METRICS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </form>

      <section className="panel" aria-labelledby="baseline-h">
        <h2 id="baseline-h">Baseline</h2>
        <ProblemAlert error={baseline.error} title="The baseline could not be loaded" onRetry={baseline.reload} />
        {baseline.view === undefined && !baseline.error ? <Loading what="the baseline" /> : null}
        {baseline.view === null ? (
          <p className="muted">
            No baseline is set. Open a finished or stopped run of this project and press “Use as baseline”: every run that ends
            later is judged against it.
          </p>
        ) : null}
        {baseline.view ? (
          <div className="panel-header">
            <p>
              {baseline.view.run ? (
                <>
                  Run <Link to={`/runs/${baseline.view.run.id}`} className="mono">{shortId(baseline.view.run.id)}</Link>{' '}
                  ({baseline.view.run.scenario} v{baseline.view.run.scenarioVersion}, {formatDateTime(baseline.view.run.startedAt)}):
                </>
              ) : 'A run without its report any more:'}{' '}
              every run of the project that ends later is judged against it; {toleranceText(baseline.view.tolerance)} counts.
              {data && baseline.view.run && !data.runs.some((r) => r.id === baseline.view?.run?.id)
                ? ' It is not among the runs shown, so the charts do not mark it.' : ''}
            </p>
            {canWrite ? <ConfirmButton label="Clear baseline" confirmLabel="Yes, clear the baseline" onConfirm={clear} /> : null}
          </div>
        ) : null}
        <ProblemAlert error={clearError} title="The baseline was not cleared" />
      </section>

      <ProblemAlert error={trend.error} title="The trends could not be loaded" onRetry={trend.reload} />
      {trend.loading && !data ? <Loading what="the trends" /> : null}
      {data && data.runs.length === 0 ? (
        <EmptyState title={branch ? `No finished run on branch ${branch}` : 'No finished run yet'}>
          <p>Trends show the project’s finished and stopped runs that have a report.</p>
        </EmptyState>
      ) : null}
      {data && data.runs.length > 0 ? (
        <>
          <section className="panel" aria-labelledby="trend-charts-h">
            <h2 id="trend-charts-h">{metricSpec(metric).name}</h2>
            <TrendCharts trend={data} metric={metric} />
          </section>
          <TrendRuns trend={data} />
        </>
      ) : null}
    </div>
  );
}

function seriesTitle(s: TrendSeries): string {
  return s.type ? `${s.type} ${s.name}` : s.name;
}

/** One chart per endpoint (every request together first): x is the run's place, labelled with its start. */
export function TrendCharts({ trend, metric }: { trend: Trend; metric: MetricId }) {
  const n = trend.runs.length;
  const base = trend.baselineRunId ? trend.runs.findIndex((r) => r.id === trend.baselineRunId) : -1;
  const axis = useMemo(() => {
    const started = (x: number) => trend.runs[Math.round(x)]?.startedAt;
    // ticks say the day, or the time when every run started on the same day; the tooltip says both
    const oneDay = new Set(trend.runs.map((r) => formatDay(r.startedAt))).size <= 1;
    return {
      xs: trend.runs.map((_, i) => i),
      range: [-0.5, n - 0.5] as [number, number],
      tick: (x: number) => (oneDay ? formatTimeOfDay : formatDay)(started(x)),
      hover: (x: number) => formatShortDateTime(started(x)),
    };
  }, [trend, n]);
  const spec = metricSpec(metric);
  const format = (v: number) => formatMetricUnit(metric, v);
  return (
    <div className="charts trend-charts">
      {[trend.aggregated, ...trend.endpoints].map((s) => {
        const ys = s.points.map((p) => metricValue(p, metric));
        const lines: ChartLine[] = [{ label: spec.name, xs: axis.xs, ys, color: 0, markers: true }];
        if (base >= 0 && Number.isFinite(ys[base])) {
          lines.push({
            label: `Baseline (run ${shortId(trend.baselineRunId)})`, xs: axis.range, ys: [ys[base], ys[base]], color: 3, dashed: true,
          });
        }
        return (
          <LineChart key={`${s.type} ${s.name}`} title={seriesTitle(s)} lines={lines} format={format} height={170}
            xRange={axis.range} xTicks={axis.xs} formatX={axis.tick} formatHoverX={axis.hover} />
        );
      })}
    </div>
  );
}

function TrendRuns({ trend }: { trend: Trend }) {
  const newest = trend.runs.slice(-MAX_COMPARED).map((r) => r.id);
  const baseline = trend.baselineRunId && newest.includes(trend.baselineRunId) ? trend.baselineRunId : newest[0];
  return (
    <section className="panel" aria-labelledby="trend-runs-h">
      <div className="panel-header">
        <h2 id="trend-runs-h">The runs</h2>
        {newest.length >= 2 ? (
          <Link to={compareHref(newest, baseline)} className="btn">
            {trend.runs.length > MAX_COMPARED ? `Compare the ${MAX_COMPARED} newest` : 'Compare these'}
          </Link>
        ) : null}
      </div>
      <TableScroll label="Runs in the charts">
        <table className="data">
          <caption className="visually-hidden">The runs in the charts, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Started</th>
              <th scope="col">Scenario</th>
              <th scope="col" className="num">Users</th>
              <th scope="col">Branch</th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {trend.runs.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/runs/${r.id}`} className="mono">{shortId(r.id)}</Link>
                  {r.id === trend.baselineRunId ? <> <span className="badge badge-baseline">baseline</span></> : null}
                </th>
                <td>{formatDateTime(r.startedAt)}</td>
                <td>
                  {r.scenario} v{r.scenarioVersion}
                </td>
                <td className="num">{formatCount(r.users)}</td>
                <td>{r.branch ?? ''}{r.commit ? <span className="sub"> @ {r.commit.slice(0, 10)}</span> : null}</td>
                <td>
                  {r.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
