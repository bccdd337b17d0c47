import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import {
  isEnded, type AlignedEndpoint, type Comparison, type ComparisonCell, type MetricId, type Project, type Report, type Run,
  type RunSummary, type Tolerance,
} from '../api/types';
import { EmptyState, Loading, PageHeader, ProblemAlert, StatusBadge } from '../components/common';
import { LineChart, type ChartLine } from '../components/LineChart';
import { TableScroll } from '../components/StatsTable';
import {
  askedTolerance, compareHref, DEFAULT_METRIC, DEFAULT_TOLERANCE, formatChange, formatMetric, MAX_COMPARED, METRICS, metricSpec,
  metricValue, parseToleranceDraft, readCompareQuery, readToleranceDraft, sameTolerance, TOLERANCE_PARTS, toleranceDraft,
  toleranceQuery, toleranceText, type TolerancePart, type ToleranceDraft,
} from '../lib/compare';
import { formatCount, formatDateTime, formatMsUnit, formatRps, shortId } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { pushHistoryRow, RUN_SERIES, TimeSeries } from '../lib/series';
import { useApi } from '../lib/useApi';

/** A run's colour in the charts and on its card: six colours, solid, then dashed. */
function runStyle(index: number): { color: number; dashed: boolean } {
  return { color: index % 6, dashed: index >= 6 };
}

function seriesOf(report: Report): { xs: number[]; series: TimeSeries } {
  const s = new TimeSeries(RUN_SERIES);
  for (const row of report.history) if (row.key === null) pushHistoryRow(s, row);
  const start = report.run.startEpochMillis || s.times()[0] || 0;
  return { xs: s.times().map((t) => (t - start) / 1000), series: s };
}

/** Each run's report (for its time series), fetched once per run however the selection changes. */
function useReports(ids: string[]): { reports: Record<string, Report>; errors: Record<string, unknown> } {
  const [reports, setReports] = useState<Record<string, Report>>({});
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const asked = useRef(new Set<string>());
  const key = ids.join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      api<Report>(`/api/runs/${encodeURIComponent(id)}/report`)
        .then((r) => setReports((m) => ({ ...m, [id]: r })))
        .catch((e) => {
          asked.current.delete(id);
          setErrors((m) => ({ ...m, [id]: e }));
        });
    }
  }, [key]);
  return { reports, errors };
}

/** Whether an answer is the comparison of these runs against this baseline with this tolerance (and not the one asked before). */
function answers(c: Comparison, runs: string[], baseline: string | null, tolerance: Partial<Tolerance>): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return !!baseline && same(c.baselineRunId, baseline) && c.runs.length === runs.length
    && runs.every((id) => c.runs.some((r) => same(r.id, id))) && sameTolerance(c.tolerance, tolerance);
}

/** The part of the tolerance a problem from the API names (a 400 on relative, absoluteMillis or failRatioPoints). */
function toleranceField(error: unknown): TolerancePart | undefined {
  const field = error instanceof ApiError ? error.problem.field : undefined;
  return TOLERANCE_PARTS.find((p) => p === field);
}

export function ComparePage() {
  const { query } = useLocation();
  const { runs, baseline } = readCompareQuery(query);
  const tolerance = TOLERANCE_PARTS.filter((p) => query.get(p)).map((p) => `&${p}=${encodeURIComponent(query.get(p)!)}`).join('');
  const recent = useApi<Run[]>('/api/runs?limit=100');
  const projects = useApi<Project[]>('/api/projects');
  const path = runs.length >= 2
    ? `/api/runs/compare?runs=${runs.map(encodeURIComponent).join(',')}&baseline=${encodeURIComponent(baseline!)}${tolerance}`
    : null;
  const compared = useApi<Comparison>(path);
  const comparison = compared.data && answers(compared.data, runs, baseline, askedTolerance(query)) ? compared.data : undefined;
  const badPart = toleranceField(compared.error);
  const [metric, setMetric] = useState<MetricId>(DEFAULT_METRIC);
  const { reports, errors } = useReports(comparison?.runs.map((r) => r.id) ?? []);

  const show = (next: string[], base: string | null) => navigate(`${compareHref(next, base)}${tolerance}`, { replace: true });
  const judgeWith = (t: Tolerance) => navigate(`${compareHref(runs, baseline)}${toleranceQuery(t)}`, { replace: true });

  const charts = useMemo(() => {
    if (!comparison) return null;
    const loaded = comparison.runs.flatMap((run, i) => {
      const report = reports[run.id];
      return report ? [{ run, i, ...seriesOf(report) }] : [];
    });
    const lines = (key: string): ChartLine[] => loaded.map(({ run, i, xs, series }) => ({
      label: `${shortId(run.id)}${i === 0 ? ' (baseline)' : ''}`, xs, ys: [...series.values(key)], ...runStyle(i),
    }));
    return { rps: lines('rps'), p95: lines('p95'), loaded: loaded.length };
  }, [comparison, reports]);

  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/runs">Runs</Link> / Compare
      </p>
      <PageHeader
        title="Compare runs"
        subtitle={`Up to ${MAX_COMPARED} runs of any project or scenario version, endpoint by endpoint, each judged against the baseline run.`}
      />
      <RunPicker runs={runs} baseline={baseline} recent={recent.data} projects={projects.data} onChange={show} />
      <ProblemAlert error={recent.error} title="Recent runs could not be loaded" onRetry={recent.reload} />
      {runs.length < 2 ? (
        <EmptyState title="Choose at least two runs">
          <p>
            Add runs above, or tick them in the <Link to="/runs">run history</Link>. The first one is the baseline the others are
            judged against; any run can be made the baseline.
          </p>
        </EmptyState>
      ) : null}
      {path ? (
        <ToleranceForm key={tolerance} initial={readToleranceDraft(query)} serverField={badPart} onApply={judgeWith} />
      ) : null}
      {path ? (
        <ProblemAlert
          error={compared.error}
          title={badPart ? 'The tolerance was not accepted' : 'The runs could not be compared'}
          onRetry={badPart ? undefined : compared.reload}
        />
      ) : null}
      {path && !comparison && !compared.error ? <Loading what="the comparison" /> : null}
      {comparison ? (
        <>
          <RunCards comparison={comparison} />
          <section aria-labelledby="delta-h" className="panel">
            <div className="panel-header">
              <h2 id="delta-h">Per endpoint</h2>
              <label className="inline-field">
                <span>Metric</span>
                <select value={metric} onChange={(e) => setMetric(e.target.value as MetricId)}>
                  {METRICS.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="hint">
              Each run against the baseline, run <span className="mono">{shortId(comparison.baselineRunId)}</span>: {toleranceText(comparison.tolerance)}{' '}
              counts as a regression or an improvement.
            </p>
            <CompareTable comparison={comparison} metric={metric} />
          </section>
          <section aria-labelledby="overlay-h" className="panel">
            <h2 id="overlay-h">Over time (seconds since each run’s start)</h2>
            {comparison.runs.map((r) => (errors[r.id] ? (
              <ProblemAlert key={r.id} error={errors[r.id]} title={`The time series of run ${shortId(r.id)} could not be loaded`} />
            ) : null))}
            {charts && charts.loaded < comparison.runs.length && Object.keys(errors).length === 0 ? <Loading what="the time series" /> : null}
            {charts && charts.loaded > 0 ? (
              <div className="charts">
                <LineChart title="Total requests per second" lines={charts.rps} format={formatRps} xMin={0} />
                <LineChart title="95th percentile response time" lines={charts.p95} format={formatMsUnit} xMin={0} />
              </div>
            ) : null}
          </section>
        </>
      ) : null}
    </div>
  );
}

const TOLERANCE_FIELDS: { part: TolerancePart; label: string; max: number }[] = [
  { part: 'relative', label: 'Relative change (%)', max: 1000 },
  { part: 'absoluteMillis', label: 'Noise floor for times (ms)', max: 3_600_000 },
  { part: 'failRatioPoints', label: 'Failure ratio (points)', max: 100 },
];

/**
 * How much a number must change to count: the form starts from the address's tolerance (the page remounts it when the
 * address changes) and applies a valid one to the address, which asks the API again.
 */
function ToleranceForm({ initial, serverField, onApply }: {
  initial: ToleranceDraft;
  /** the part the API refused, if it did */
  serverField?: TolerancePart;
  onApply: (t: Tolerance) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const { errors } = parseToleranceDraft(draft);
  const shownErrors = tried ? errors : {};

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = parseToleranceDraft(draft);
    setTried(true);
    if (!parsed.tolerance) {
      const first = TOLERANCE_PARTS.find((p) => parsed.errors[p]);
      (e.currentTarget.elements.namedItem(first!) as HTMLInputElement | null)?.focus();
      return;
    }
    onApply(parsed.tolerance);
  };
  const reset = () => {
    setDraft(toleranceDraft(DEFAULT_TOLERANCE));
    setTried(false);
    onApply(DEFAULT_TOLERANCE);
  };

  return (
    <section className="panel" aria-labelledby="tolerance-h">
      <h2 id="tolerance-h">Tolerance</h2>
      <p className="hint">
        How much a number must change against the baseline to count as a regression or an improvement. Reset goes back to the
        default: {toleranceText(DEFAULT_TOLERANCE)}.
      </p>
      <form className="filters tolerance-form" onSubmit={apply} noValidate>
        {TOLERANCE_FIELDS.map(({ part, label, max }) => {
          const error = shownErrors[part];
          const invalid = !!error || serverField === part;
          return (
            <div key={part} className="tolerance-field">
              <label>
                <span>{label}</span>
                <input
                  name={part}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={max}
                  step="any"
                  required
                  value={draft[part]}
                  onChange={(e) => setDraft({ ...draft, [part]: e.target.value })}
                  aria-invalid={invalid ? true : undefined}
                  aria-describedby={error ? `tolerance-${part}-err` : undefined}
                />
              </label>
              {error ? (
                <span className="field-error" id={`tolerance-${part}-err`}>
                  {error}
                </span>
              ) : null}
            </div>
          );
        })}
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            Apply tolerance
          </button>
          <button type="button" className="btn" onClick={reset}>
            Reset
          </button>
        </div>
      </form>
    </section>
  );
}

/** The runs compared (baseline chosen by its radio button, each removable), and a run to add from the recent ones. */
function RunPicker({ runs, baseline, recent, projects, onChange }: {
  runs: string[];
  baseline: string | null;
  recent?: Run[];
  projects?: Project[];
  onChange: (runs: string[], baseline: string | null) => void;
}) {
  const [adding, setAdding] = useState('');
  const projectName = (id: string) => projects?.find((p) => p.id === id)?.name;
  const describe = (r: Run) => [
    projectName(r.projectId), r.status, formatDateTime(r.startedAt ?? r.createdAt), `${formatCount(r.users)} users`,
    r.tags.length ? r.tags.join(',') : null,
  ].filter(Boolean).join(' · ');
  const choices = (recent ?? []).filter((r) => isEnded(r.status) && !runs.includes(r.id));
  const full = runs.length >= MAX_COMPARED;

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!adding || full) return;
    onChange([...runs, adding], baseline);
    setAdding('');
  };
  const remove = (id: string) => {
    const next = runs.filter((r) => r !== id);
    onChange(next, baseline === id ? next[0] ?? null : baseline);
  };

  return (
    <section className="panel compare-pickers" aria-labelledby="picked-h">
      <h2 id="picked-h">
        Runs compared <span className="sub">({runs.length} of at most {MAX_COMPARED})</span>
      </h2>
      {runs.length > 0 ? (
        <fieldset className="picked">
          <legend className="hint">The baseline is the run the others are judged against.</legend>
          <ul className="list" aria-label="Runs compared">
            {runs.map((id) => {
              const known = recent?.find((r) => r.id === id);
              return (
                <li key={id} className="list-row">
                  <div className="picked-run">
                    <input type="radio" name="baseline" checked={id === baseline} onChange={() => onChange(runs, id)}
                      aria-label={`Run ${shortId(id)} is the baseline`} />
                    <Link to={`/runs/${id}`} className="mono">{shortId(id)}</Link>
                    {id === baseline ? <span className="badge badge-baseline">baseline</span> : null}
                    {known ? <span className="muted">{describe(known)}</span> : null}
                  </div>
                  <button type="button" className="btn btn-small" onClick={() => remove(id)} aria-label={`Remove run ${shortId(id)}`}>
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ) : null}
      <form className="inline-form" onSubmit={add}>
        <label>
          <span>Add a run</span>
          <select value={adding} onChange={(e) => setAdding(e.target.value)} disabled={full}>
            <option value="">{choices.length ? 'Choose an ended run…' : 'No other ended run'}</option>
            {choices.map((r) => (
              <option key={r.id} value={r.id}>
                {shortId(r.id)} · {describe(r)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn" disabled={!adding || full}>
          Add
        </button>
        {full ? <p className="hint">At most {MAX_COMPARED} runs: remove one to add another.</p> : null}
      </form>
    </section>
  );
}

function RunCards({ comparison }: { comparison: Comparison }) {
  return (
    <ul className="compare-heads" aria-label="Runs">
      {comparison.runs.map((run, i) => (
        <li key={run.id} className="panel compare-head">
          <RunCard run={run} index={i} regressions={comparison.regressions[i] ?? 0} />
        </li>
      ))}
    </ul>
  );
}

function RunCard({ run, index, regressions }: { run: RunSummary; index: number; regressions: number }) {
  const style = runStyle(index);
  return (
    <>
      <p className="compare-head-title">
        <span className={`swatch series-${style.color}${style.dashed ? ' dashed' : ''}`} aria-hidden="true" />
        <Link to={`/runs/${run.id}`} className="mono strong">{shortId(run.id)}</Link>
        <StatusBadge status={run.status} />
        {index === 0 ? (
          <span className="badge badge-baseline">baseline</span>
        ) : (
          <span className={regressions ? 'badge badge-failed' : 'badge badge-finished'}>
            {regressions ? `${regressions} regression${regressions === 1 ? '' : 's'}` : 'no regression'}
          </span>
        )}
      </p>
      <p>
        {run.scenario} v{run.scenarioVersion} <span className="muted">→ {run.host}</span>
      </p>
      <p className="muted">
        {formatCount(run.users)} users · {formatDateTime(run.startedAt)}
      </p>
      {run.tags.length || run.branch ? (
        <p>
          {run.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
          {run.branch ? <span className="muted">branch {run.branch}{run.commit ? ` @ ${run.commit.slice(0, 10)}` : ''}</span> : null}
        </p>
      ) : null}
    </>
  );
}

/** Rows: the endpoints, then every request together; columns: the runs, the baseline first. */
export function CompareTable({ comparison, metric }: { comparison: Comparison; metric: MetricId }) {
  const spec = metricSpec(metric);
  const rows: AlignedEndpoint[] = [...comparison.endpoints, comparison.aggregated];
  return (
    <TableScroll label="Per-endpoint comparison">
      <table className="data delta-table compare-table">
        <caption className="visually-hidden">
          {spec.name} per endpoint and run, with its change against the baseline run; regressions are marked
        </caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Name</th>
            {comparison.runs.map((r, i) => (
              <th key={r.id} scope="col" className="num">
                <span className="mono">{shortId(r.id)}</span>
                {i === 0 ? <span className="sub"> (baseline)</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const aggregated = row === comparison.aggregated;
            const worse = row.cells.some((c) => c.changes?.some((ch) => ch.metric === metric && ch.verdict === 'regression'));
            return (
              <tr key={`${row.type} ${row.name}`} className={aggregated ? 'aggregated' : worse ? 'row-regression' : undefined}>
                <td>{row.type}</td>
                <th scope="row" className="name">
                  {row.name}
                  {!aggregated && !row.cells[0]?.numbers ? <span className="sub"> (not in baseline)</span> : null}
                </th>
                {row.cells.map((cell, i) => (
                  <CompareCell key={cell.runId} cell={cell} metric={metric} baseline={i === 0} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function CompareCell({ cell, metric, baseline }: { cell: ComparisonCell; metric: MetricId; baseline: boolean }) {
  if (!cell.numbers) {
    return (
      <td className="num">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">not called</span>
      </td>
    );
  }
  const change = cell.changes?.find((c) => c.metric === metric);
  const others = cell.changes?.filter((c) => c.metric !== metric && c.verdict === 'regression') ?? [];
  return (
    <td className={`num delta ${change?.verdict ?? ''}`}>
      <span className="value">{formatMetric(metric, metricValue(cell.numbers, metric))}</span>
      {change ? (
        <span className="change">
          {formatChange(change)}
          {change.verdict === 'regression' ? <span className="verdict"> regression</span> : null}
          {change.verdict === 'improvement' ? <span className="verdict"> better</span> : null}
        </span>
      ) : !baseline ? (
        <span className="change sub">not in baseline</span>
      ) : null}
      {others.length ? <span className="also">also worse: {others.map((c) => metricSpec(c.metric).label).join(', ')}</span> : null}
    </td>
  );
}
