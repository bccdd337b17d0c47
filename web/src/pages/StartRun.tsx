import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { Project, ProjectSecret, Run, RunEstimate, RunRequest, ScenarioSummary, ScenarioVersion } from '../api/types';
import { EmptyState, Field, Loading, PageHeader, ProblemAlert } from '../components/common';
import { formatVuHours, parseTimeSpan } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useApi } from '../lib/useApi';

interface Form {
  versionId: string;
  host: string;
  users: string;
  spawnRate: string;
  duration: string;
  runners: string;
  stopTimeout: string;
  tags: string;
  parameters: string;
  repository: string;
  branch: string;
  commit: string;
  pullRequest: string;
}

const hostKey = (projectId: string) => `barrage.host.${projectId}`;

/** A name the scenario can ask for with parameter("NAME"), as the API checks it. */
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The parameters field: one KEY=VALUE per line (blank lines skipped), as barrage run's -e. The value is everything
 * after the first "=", kept as typed. Returns the parameters, or the first problem with its line.
 */
export function parseParameters(text: string): { parameters: Record<string, string> } | { error: string } {
  const parameters: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (eq < 0) return { error: `line ${i + 1}: write KEY=VALUE, e.g. TENANT=acme` };
    if (!PARAMETER_NAME.test(name)) {
      return { error: `line ${i + 1}: '${name}' is not a parameter name: letters, digits and _, not starting with a digit` };
    }
    if (name in parameters) return { error: `line ${i + 1}: ${name} is given twice` };
    parameters[name] = line.slice(eq + 1);
  }
  return { parameters };
}

/** The API's run request from the form (checked by {@link validate} first). */
function requestOf(form: Form): RunRequest {
  const body: RunRequest = {
    scenarioVersionId: form.versionId,
    host: form.host.trim(),
    users: Number(form.users) || 0,
    spawnRate: Number(form.spawnRate),
    duration: form.duration.trim(),
    runners: Number(form.runners),
    tags: form.tags.split(',').map((t) => t.trim()).filter(Boolean),
  };
  const parsed = parseParameters(form.parameters);
  if ('parameters' in parsed && Object.keys(parsed.parameters).length > 0) body.parameters = parsed.parameters;
  if (form.stopTimeout.trim()) body.stopTimeout = form.stopTimeout.trim();
  if (form.repository.trim() || form.branch.trim() || form.commit.trim() || form.pullRequest.trim()) {
    body.git = {
      repository: form.repository.trim() || null,
      branch: form.branch.trim() || null,
      commit: form.commit.trim() || null,
      pullRequest: form.pullRequest.trim() ? Number(form.pullRequest) : null,
    };
  }
  return body;
}

/**
 * What the control plane says this run would cost and whether it would be refused (POST .../runs/estimate, the figure
 * the start holds), asked again a moment after the form changes. Null while the form is incomplete.
 */
function useEstimate(projectId: string, request: RunRequest | null) {
  const key = request ? JSON.stringify(request) : null;
  const [answer, setAnswer] = useState<{ key: string; data?: RunEstimate; error?: unknown } | null>(null);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      api<RunEstimate>(`/api/projects/${projectId}/runs/estimate`, { body: JSON.parse(key) })
        .then((data) => live && setAnswer({ key, data }))
        .catch((error) => live && setAnswer({ key, error }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, projectId]);
  if (!key) return null;
  return answer && answer.key === key ? answer : { key };
}

/** Field-level problems found before sending; the API checks everything again. */
export function validate(f: Form): Partial<Record<keyof Form, string>> {
  const e: Partial<Record<keyof Form, string>> = {};
  if (!f.versionId) e.versionId = 'choose the scenario version to run';
  if (!/^https?:\/\/[^\s/]+/.test(f.host.trim())) e.host = 'the target must be an http:// or https:// address, e.g. http://127.0.0.1:8099';
  const users = Number(f.users);
  if (!Number.isInteger(users) || users < 1) e.users = 'users must be a whole number, 1 or more';
  const rate = Number(f.spawnRate);
  if (!(rate > 0)) e.spawnRate = 'spawn rate must be a positive number of users per second';
  const d = parseTimeSpan(f.duration);
  if (d === null || d <= 0) e.duration = 'run time is a time span such as 30s, 5m or 1h30m';
  const runners = Number(f.runners);
  if (!Number.isInteger(runners) || runners < 1) e.runners = 'runners must be a whole number, 1 or more';
  if (f.stopTimeout.trim() && parseTimeSpan(f.stopTimeout) === null) e.stopTimeout = 'stop timeout is a time span such as 10s';
  if (f.pullRequest.trim() && !/^\d+$/.test(f.pullRequest.trim())) e.pullRequest = 'a pull request number';
  const parsed = parseParameters(f.parameters);
  if ('error' in parsed) e.parameters = parsed.error;
  return e;
}

export function StartRunPage({ projectId }: { projectId: string }) {
  const { query } = useLocation();
  const project = useApi<Project>(`/api/projects/${projectId}`);
  const scenarios = useApi<ScenarioSummary[]>(`/api/projects/${projectId}/scenarios`);
  const secrets = useApi<ProjectSecret[]>(`/api/projects/${projectId}/secrets`);
  const [versions, setVersions] = useState<ScenarioVersion[] | null>(null);
  const [versionsError, setVersionsError] = useState<unknown>(null);

  const [form, setForm] = useState<Form>({
    versionId: query.get('version') ?? '',
    host: localStorage.getItem(hostKey(projectId)) ?? '',
    users: '10',
    spawnRate: '2',
    duration: '1m',
    runners: '1',
    stopTimeout: '',
    tags: '',
    parameters: '',
    repository: '',
    branch: '',
    commit: '',
    pullRequest: '',
  });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // every version of every scenario, newest first, for the picker
  useEffect(() => {
    if (!scenarios.data) return;
    Promise.all(scenarios.data.map((s) => api<ScenarioVersion[]>(`/api/projects/${projectId}/scenarios/${s.id}/versions`)))
      .then((lists) => {
        const all = lists.flat();
        setVersions(all);
        setForm((f) => {
          if (f.versionId && all.some((v) => v.id === f.versionId)) return f;
          const wanted = query.get('scenario');
          const pick = all.find((v) => v.scenarioId === wanted) ?? all[0];
          return { ...f, versionId: pick?.id ?? '' };
        });
      })
      .catch(setVersionsError);
    // the query is read once, on arrival
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenarios.data, projectId]);

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const secretNames = (secrets.data ?? []).map((s) => s.name);
  const clientErrors = validate(form);
  const serverField = error instanceof ApiError ? (error.problem.field as string | undefined) : undefined;
  const fieldError = (k: keyof Form, apiName?: string): string | undefined =>
    (touched ? clientErrors[k] : undefined) ?? (serverField && serverField === (apiName ?? k) ? (error as ApiError).problem.detail : undefined);

  const complete = Object.keys(clientErrors).length === 0;
  const estimate = useEstimate(projectId, complete ? requestOf(form) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(clientErrors).length > 0) return;
    const body = requestOf(form);
    setBusy(true);
    setError(null);
    try {
      const run = await api<Run>(`/api/projects/${projectId}/runs`, { body });
      localStorage.setItem(hostKey(projectId), body.host);
      navigate(`/runs/${run.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const versionLabel = useMemo(() => {
    const latestOf = new Map<string, number>();
    for (const v of versions ?? []) latestOf.set(v.scenarioId, Math.max(latestOf.get(v.scenarioId) ?? 0, v.version));
    return (v: ScenarioVersion) => `${v.name} v${v.version}${latestOf.get(v.scenarioId) === v.version ? ' (latest)' : ''}`;
  }, [versions]);

  if (project.error) return <ProblemAlert error={project.error} title="This project could not be loaded" onRetry={project.reload} />;
  if (!project.data || (!scenarios.data && !scenarios.error)) return <Loading what="the project" />;

  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/">Projects</Link> / <Link to={`/projects/${projectId}`}>{project.data.name}</Link> / New run
      </p>
      <PageHeader title="Start a run" subtitle="Locust’s settings: users, spawn rate, host and run time, spread over runner processes." />
      <ProblemAlert error={scenarios.error ?? versionsError} title="Scenarios could not be loaded" />
      {scenarios.data && scenarios.data.length === 0 ? (
        <EmptyState title="Nothing to run yet">
          <p>
            Upload a scenario on the <Link to={`/projects/${projectId}`}>project page</Link> first.
          </p>
        </EmptyState>
      ) : (
        <form className="run-form panel" onSubmit={submit} noValidate aria-label="Run settings">
          <Field label="Scenario version" error={fieldError('versionId', 'scenarioVersionId')} wide>
            {(p) => (
              <select {...p} value={form.versionId} onChange={set('versionId')} disabled={!versions}>
                {!versions ? <option value="">Loading…</option> : null}
                {versions?.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionLabel(v)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Host" hint="The target's base URL; it must accept connections when the run starts." error={fieldError('host')} wide>
            {(p) => <input {...p} type="url" value={form.host} onChange={set('host')} placeholder="http://127.0.0.1:8099" autoComplete="url" />}
          </Field>
          <Field label="Number of users (peak concurrency)" error={fieldError('users')}>
            {(p) => <input {...p} type="number" min={1} step={1} inputMode="numeric" value={form.users} onChange={set('users')} />}
          </Field>
          <Field label="Spawn rate (users started/second)" error={fieldError('spawnRate')}>
            {(p) => <input {...p} type="number" min={0.1} step="any" inputMode="decimal" value={form.spawnRate} onChange={set('spawnRate')} />}
          </Field>
          <Field label="Run time" hint="e.g. 30s, 5m, 1h30m" error={fieldError('duration')}>
            {(p) => <input {...p} value={form.duration} onChange={set('duration')} placeholder="5m" />}
          </Field>
          <Field label="Runners" hint="Runner processes sharing the users" error={fieldError('runners')}>
            {(p) => <input {...p} type="number" min={1} max={8} step={1} inputMode="numeric" value={form.runners} onChange={set('runners')} />}
          </Field>
          <Field label="Stop timeout" hint="How long users may finish their task at the end (Locust’s --stop-timeout); empty: 0" error={fieldError('stopTimeout')}>
            {(p) => <input {...p} value={form.stopTimeout} onChange={set('stopTimeout')} placeholder="10s" />}
          </Field>
          <Field label="Tags" hint="Comma-separated, for filtering the run history" error={fieldError('tags')}>
            {(p) => <input {...p} value={form.tags} onChange={set('tags')} placeholder="smoke, nightly" />}
          </Field>
          <Field
            label="Parameters"
            hint={
              'One KEY=VALUE per line; the scenario reads them with parameter("KEY"), and the run keeps them.' +
              (secretNames.length > 0
                ? ` This project's secrets are read the same way and never shown: ${secretNames.join(', ')}.`
                : ' Keep secrets (an API key) in the project\'s secrets instead.')
            }
            error={fieldError('parameters')}
            wide
          >
            {(p) => (
              <textarea {...p} rows={3} value={form.parameters} onChange={set('parameters')} placeholder={'TENANT=acme\nREGION=eu-west-1'} spellCheck={false} />
            )}
          </Field>
          <details className="wide git-details">
            <summary>Git metadata (optional)</summary>
            <div className="form-grid">
              <Field label="Repository" error={fieldError('repository')}>
                {(p) => <input {...p} value={form.repository} onChange={set('repository')} placeholder="acme/shop" />}
              </Field>
              <Field label="Branch" error={fieldError('branch')}>
                {(p) => <input {...p} value={form.branch} onChange={set('branch')} placeholder="main" />}
              </Field>
              <Field label="Commit" error={fieldError('commit')}>
                {(p) => <input {...p} value={form.commit} onChange={set('commit')} />}
              </Field>
              <Field label="Pull request" error={fieldError('pullRequest')}>
                {(p) => <input {...p} inputMode="numeric" value={form.pullRequest} onChange={set('pullRequest')} />}
              </Field>
            </div>
          </details>
          <p className="hint wide">
            Thresholds are declared in the scenario itself, e.g. <code>@Threshold("p95&lt;500ms")</code> on a user class.
          </p>

          <div className="estimate wide" aria-live="polite" data-testid="estimate">
            <EstimateView estimate={estimate} />
          </div>

          {estimate?.data && estimate.data.refusals.length > 0 ? (
            <div className="alert alert-warning wide" role="status">
              {estimate.data.refusals.map((r) => (
                <p key={r.title + r.detail}>This run will be refused: {r.detail}.</p>
              ))}
            </div>
          ) : null}
          <div className="wide form-actions">
            <ProblemAlert error={error} title="The run was not started" />
            <button type="submit" className="btn btn-primary" disabled={busy || !versions}>
              {busy ? 'Starting…' : 'Start run'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** The control plane's estimate: the VU-hours, how they were computed, and the balance before and after. */
function EstimateView({ estimate }: { estimate: ReturnType<typeof useEstimate> }) {
  if (!estimate) return <span className="muted">The VU-hours this run uses appear when the settings are complete.</span>;
  if (estimate.error) return <ProblemAlert error={estimate.error} title="The VU-hours could not be estimated" />;
  const e = estimate.data;
  return (
    <>
      <div>
        <span className="estimate-label">This run uses at most</span>
        <strong className="estimate-value">{e ? formatVuHours(e.requestedVuHours) : 'computing…'}</strong>
        {e ? <span className="muted"> ({e.description})</span> : null}
      </div>
      <div>
        <span className="estimate-label">Remaining balance</span>
        {e ? (
          <>
            <strong className="estimate-value" data-testid="balance">{formatVuHours(e.remainingVuHours)}</strong>
            {e.remainingAfterVuHours < 0 ? (
              <span className="warning-text"> — less than this run needs: it would be refused</span>
            ) : (
              <span className="muted"> → {formatVuHours(e.remainingAfterVuHours)} left after this run (what runs is metered; unused hours come back)</span>
            )}
          </>
        ) : (
          <span className="muted">…</span>
        )}
      </div>
    </>
  );
}

