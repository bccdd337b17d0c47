// A project's baseline run: every run of the project that ends later is judged against it. The run page shows that
// verdict and sets a run as the baseline; the trends page shows the baseline and clears it.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { BaselineAnswer, BaselineVerdict, BaselineView, Run } from '../api/types';
import { DEFAULT_TOLERANCE, formatChange, formatMetricUnit, metricSpec, toleranceText } from '../lib/compare';
import { shortId } from '../lib/format';
import { Link } from '../lib/router';
import { Notice, ProblemAlert } from './common';
import { TableScroll } from './StatsTable';

export const BASELINE_PATH = '/api/projects/{projectId}/baseline';

export interface Baseline {
  /** undefined while loading; null when the project has none */
  view: BaselineView | null | undefined;
  error: unknown;
  reload: () => void;
  set: (view: BaselineView | null) => void;
}

/** GET /api/projects/{id}/baseline; a project without one answers with runId null (not a 404: nothing to log). */
export function useBaseline(projectId: string | null): Baseline {
  const [view, setView] = useState<BaselineView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!projectId) return;
    let live = true;
    api<BaselineAnswer>(`/api/projects/${encodeURIComponent(projectId)}/baseline`)
      .then((v) => {
        if (!live) return;
        setView(v.runId === null ? null : v);
        setError(null);
      })
      .catch((e) => {
        if (live) setError(e);
      });
    return () => {
      live = false;
    };
  }, [projectId, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { view, error, reload, set: setView };
}

/** A run judged against its project's baseline when it ended: the numbers that got worse, the endpoints not in both. */
export function BaselineVerdictPanel({ verdict }: { verdict: BaselineVerdict }) {
  const n = verdict.regressions.length;
  return (
    <section className={`panel thresholds baseline-verdict ${verdict.passed ? 'passed' : 'failed'}`} aria-labelledby="baseline-verdict-h"
      data-testid="baseline-verdict">
      <h2 id="baseline-verdict-h">
        Against the baseline{' '}
        <span className={verdict.passed ? 'badge badge-finished' : 'badge badge-failed'}>{verdict.passed ? 'Passed' : 'Failed'}</span>
      </h2>
      <p>
        Judged against run <Link to={`/runs/${verdict.baselineRunId}`} className="mono">{shortId(verdict.baselineRunId)}</Link>{' '}
        when this run ended: {toleranceText(verdict.tolerance)} counts.{' '}
        {n ? `${n} number${n === 1 ? '' : 's'} got worse than the baseline’s.` : 'No number got worse than the baseline’s.'}
      </p>
      {n ? (
        <TableScroll label="Regressions against the baseline">
          <table className="data">
            <caption className="visually-hidden">The numbers that got worse than the baseline’s beyond the tolerance</caption>
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Metric</th>
                <th scope="col" className="num">Baseline</th>
                <th scope="col" className="num">This run</th>
                <th scope="col" className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {verdict.regressions.map((r, i) => (
                <tr key={i}>
                  <th scope="row" className="name">{r.endpoint}</th>
                  <td>{metricSpec(r.metric).name}</td>
                  <td className="num">{formatMetricUnit(r.metric, r.baseline)}</td>
                  <td className="num">{formatMetricUnit(r.metric, r.value)}</td>
                  <td className="num delta regression">{formatChange(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {verdict.missing.length ? (
        <>
          <h3>Called by the baseline, not by this run</h3>
          <ul className="endpoints">
            {verdict.missing.map((e) => <li key={e}>{e}</li>)}
          </ul>
        </>
      ) : null}
      {verdict.added.length ? (
        <>
          <h3>Called only by this run</h3>
          <ul className="endpoints">
            {verdict.added.map((e) => <li key={e}>{e}</li>)}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function number(v: number): string {
  return String(Number(v.toFixed(4)));
}

/**
 * Whether this (finished or stopped) run is its project's baseline, and for members a button that makes it the
 * baseline, with the tolerance (the current baseline's, or the default) to change on the way.
 */
export function UseAsBaseline({ run, canWrite }: { run: Run; canWrite: boolean }) {
  const baseline = useBaseline(run.projectId);
  const [draft, setDraft] = useState<{ relative: string; millis: string; points: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (baseline.view === undefined) return baseline.error ? <ProblemAlert error={baseline.error} title="The project’s baseline could not be loaded" /> : null;
  const current = baseline.view;
  const tolerance = current?.tolerance ?? DEFAULT_TOLERANCE;
  const shown = draft ?? {
    relative: number(tolerance.relative * 100), millis: number(tolerance.absoluteMillis), points: number(tolerance.failRatioPoints * 100),
  };
  const edit = (part: keyof typeof shown, value: string) => setDraft({ ...shown, [part]: value });

  if (current?.run?.id === run.id) {
    return (
      <section className="panel baseline-use" aria-labelledby="use-baseline-h">
        <h2 id="use-baseline-h">Baseline</h2>
        <Notice kind="success">
          This run is the project’s baseline: every run of the project that ends later is judged against it;{' '}
          {toleranceText(current.tolerance)} counts. <Link to={`/projects/${run.projectId}/trends`}>The project’s trends</Link>
        </Notice>
      </section>
    );
  }
  if (!canWrite) return null;

  const use = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const view = await api<BaselineView>(`/api/projects/${encodeURIComponent(run.projectId)}/baseline`, {
        method: 'PUT',
        body: {
          runId: run.id,
          relative: Number(shown.relative) / 100,
          absoluteMillis: Number(shown.millis),
          failRatioPoints: Number(shown.points) / 100,
        },
      });
      baseline.set(view);
      setDraft(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel baseline-use" aria-labelledby="use-baseline-h">
      <h2 id="use-baseline-h">Baseline</h2>
      <p className="hint">
        {current?.run ? (
          <>
            The project’s baseline is run <Link to={`/runs/${current.run.id}`} className="mono">{shortId(current.run.id)}</Link>.{' '}
          </>
        ) : (
          'The project has no baseline. '
        )}
        Every run of the project that ends after a baseline is set is judged against it.
      </p>
      <form className="inline-form" onSubmit={use} aria-label="Use this run as the baseline">
        <label>
          <span>Relative tolerance (%)</span>
          <input type="number" min={0} max={1000} step="any" required value={shown.relative} onChange={(e) => edit('relative', e.target.value)} />
        </label>
        <label>
          <span>Time tolerance (ms)</span>
          <input type="number" min={0} step="any" required value={shown.millis} onChange={(e) => edit('millis', e.target.value)} />
        </label>
        <label>
          <span>Failure tolerance (points)</span>
          <input type="number" min={0} max={100} step="any" required value={shown.points} onChange={(e) => edit('points', e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Setting…' : 'Use as baseline'}
        </button>
      </form>
      <ProblemAlert error={error} title="The baseline was not set" />
    </section>
  );
}
