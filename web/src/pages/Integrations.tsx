import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useSession } from '../App';
import { api, ApiError } from '../api/client';
import type {
  DatadogIntegration, GitHubIntegration, IntegrationTestResult, Project, SlackIntegration,
} from '../api/types';
import { ConfirmButton, EmptyState, Field, Loading, NotAvailable, Notice, ProblemAlert, ProjectPicker } from '../components/common';
import { useCapabilities } from '../lib/capabilities';
import { formatDateTime } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useApi } from '../lib/useApi';
import { MEMBERS_PATH } from './Members';

export type IntegrationKind = 'slack' | 'datadog' | 'github';

type ViewOf<K extends IntegrationKind> = K extends 'slack' ? SlackIntegration : K extends 'datadog' ? DatadogIntegration : GitHubIntegration;

const TITLES: Record<IntegrationKind, string> = { slack: 'Slack', datadog: 'Datadog', github: 'GitHub' };
export const KINDS: IntegrationKind[] = ['slack', 'datadog', 'github'];
export const integrationPath = (kind: IntegrationKind) => `/api/projects/{projectId}/integrations/${kind}`;

/** https://docs.datadoghq.com/getting_started/site/, as the control plane accepts them */
const DATADOG_SITES = ['datadoghq.com', 'us3.datadoghq.com', 'us5.datadoghq.com', 'datadoghq.eu', 'ap1.datadoghq.com', 'ap2.datadoghq.com', 'ddog-gov.com'];
const GITHUB_API = 'https://api.github.com';

/** Settings → Integrations: a project's Slack, Datadog and GitHub integrations (owners and admins). */
export function IntegrationsSection() {
  const caps = useCapabilities();
  const { me } = useSession();
  const { query } = useLocation();
  const canManage = me.role === 'owner' || me.role === 'admin';
  const projects = useApi<Project[]>(canManage ? '/api/projects' : null);
  const members = useApi<{ members: { subject: string; email: string | null; displayName: string | null }[] }>(
    canManage && caps.loaded && (!caps.paths || caps.has(MEMBERS_PATH)) ? MEMBERS_PATH : null,
  );
  const projectId = query.get('projectId') ?? projects.data?.[0]?.id ?? '';

  if (!caps.loaded) return <Loading what="what the control plane offers" />;
  const offered = KINDS.filter((k) => !caps.paths || caps.has(integrationPath(k)));
  if (offered.length === 0) {
    return (
      <NotAvailable feature="Integrations">
        <p>
          Slack, Datadog and GitHub notifications of finished runs are not offered by the control plane yet. When they
          are, this page sets them up, tests them and removes them; secrets will never be shown back.
        </p>
      </NotAvailable>
    );
  }

  const who = (subject: string) => {
    if (subject === me.subject) return 'you';
    const m = members.data?.members.find((x) => x.subject === subject);
    return m ? m.displayName || m.email || subject : subject;
  };

  return (
    <div>
      <p>
        Each project can post its runs' results to Slack, send their numbers to Datadog and report them on GitHub (a
        commit status and a pull request comment). Secrets — the webhook URL, the API key, the token — are stored sealed
        and never shown again, only their last characters. What was sent about a run is on the run's page, under
        Notifications.
      </p>
      {!canManage ? (
        <Notice>
          Only owners and admins see and change a project's integrations, since they hold secrets. Your role in this
          account is {me.role}.
        </Notice>
      ) : null}
      {canManage ? <ProblemAlert error={projects.error} title="Projects could not be loaded" onRetry={projects.reload} /> : null}
      {canManage && projects.loading && !projects.data ? <Loading what="projects" /> : null}
      {projects.data && projects.data.length === 0 ? (
        <EmptyState title="No projects yet">
          <p>
            Integrations belong to a project: <Link to="/">create a project</Link> first.
          </p>
        </EmptyState>
      ) : null}
      {projects.data && projects.data.length > 0 ? (
        <>
          <ProjectPicker projects={projects.data} value={projectId}
            onChange={(id) => navigate(`/settings/integrations?projectId=${id}`, { replace: true })} />
          {projectId ? <ProjectIntegrations key={projectId} projectId={projectId} kinds={offered} canManage who={who} /> : null}
        </>
      ) : null}
    </div>
  );
}

/** One card per integration of one project. */
export function ProjectIntegrations({ projectId, kinds = KINDS, canManage, who = (s) => s }: {
  projectId: string;
  kinds?: IntegrationKind[];
  canManage: boolean;
  who?: (subject: string) => string;
}) {
  return (
    <div className="integration-cards">
      {kinds.map((k) => (
        <IntegrationCard key={k} kind={k} projectId={projectId} canManage={canManage} who={who} />
      ))}
    </div>
  );
}

type Outcome = { kind: 'test'; result: IntegrationTestResult } | { kind: 'saved' } | { kind: 'removed' };

function IntegrationCard<K extends IntegrationKind>({ kind, projectId, canManage, who }: {
  kind: K;
  projectId: string;
  canManage: boolean;
  who: (subject: string) => string;
}) {
  const title = TITLES[kind];
  const path = `/api/projects/${projectId}/integrations/${kind}`;
  // undefined: loading; null: not set
  const [current, setCurrent] = useState<ViewOf<K> | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<{ title: string; error: unknown } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'test' | 'remove' | null>(null);
  const headingId = useId();

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setCurrent(await api<ViewOf<K>>(path));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setCurrent(null);
      else setLoadError(e);
    }
  }, [path]);
  useEffect(() => {
    load();
  }, [load]);

  const sendTest = async () => {
    setBusy('test');
    setActionError(null);
    setOutcome(null);
    try {
      setOutcome({ kind: 'test', result: await api<IntegrationTestResult>(`${path}/test`, { method: 'POST' }) });
    } catch (e) {
      setActionError({ title: `The ${title} test could not be sent`, error: e });
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    setBusy('remove');
    setActionError(null);
    setOutcome(null);
    try {
      await api(path, { method: 'DELETE' });
      setCurrent(null);
      setOutcome({ kind: 'removed' });
    } catch (e) {
      setActionError({ title: `The ${title} integration was not removed`, error: e });
    } finally {
      setBusy(null);
    }
  };
  const saved = (v: ViewOf<K>) => {
    setCurrent(v);
    setActionError(null);
    setOutcome({ kind: 'saved' });
  };

  return (
    <section className="card integration" aria-labelledby={headingId} data-testid={`integration-${kind}`}>
      <div className="panel-header">
        <h3 id={headingId}>{title}</h3>
        {current === undefined ? null : current ? (
          <span className="badge badge-finished">Set</span>
        ) : (
          <span className="badge badge-stopped">Not set</span>
        )}
      </div>
      <p className="hint">{ABOUT[kind]}</p>
      <ProblemAlert error={loadError} title={`The ${title} integration could not be loaded`} onRetry={load} />
      {current === undefined && !loadError ? <Loading what={`the ${title} integration`} /> : null}
      {current ? (
        <>
          <dl className="facts-list">
            {facts(kind, current).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
            <div>
              <dt>Last changed</dt>
              <dd>
                {formatDateTime(current.updatedAt)} by {who(current.updatedBy)}
              </dd>
            </div>
          </dl>
          {canManage ? (
            <div className="integration-actions">
              <button type="button" className="btn btn-small" onClick={sendTest} disabled={busy !== null}>
                {busy === 'test' ? 'Sending…' : 'Send test'}
                <span className="visually-hidden"> to {title}</span>
              </button>
              <ConfirmButton
                disabled={busy !== null}
                label={<>Remove <span className="visually-hidden">the {title} integration</span></>}
                confirmLabel={`Yes, remove the ${title} integration`}
                onConfirm={remove}
              />
            </div>
          ) : null}
        </>
      ) : null}
      {outcome?.kind === 'test' ? <TestOutcome title={title} result={outcome.result} /> : null}
      {outcome?.kind === 'saved' ? <Notice kind="success">{title} settings saved.</Notice> : null}
      {outcome?.kind === 'removed' ? <Notice>The {title} integration was removed; nothing more is sent there.</Notice> : null}
      <ProblemAlert error={actionError?.error} title={actionError?.title} />
      {canManage && current !== undefined && !loadError ? (
        <IntegrationForm
          // a new form after each change: the secret field starts empty again
          key={current ? current.updatedAt : 'new'}
          kind={kind}
          path={path}
          current={current}
          onSaved={saved}
        />
      ) : null}
    </section>
  );
}

const ABOUT: Record<IntegrationKind, ReactNode> = {
  slack: 'Posts a message with the run\'s numbers and thresholds to a channel when a run ends, through an incoming webhook.',
  datadog: 'Sends each run\'s numbers as metrics while it runs, and an event when it ends.',
  github: 'Sets a commit status and comments on the pull request of runs started with git metadata for this repository.',
};

function facts(kind: IntegrationKind, v: SlackIntegration | DatadogIntegration | GitHubIntegration): [string, string][] {
  if (kind === 'slack') {
    const s = v as SlackIntegration;
    return [['Webhook', s.webhookUrl], ['Posts when a run starts', s.notifyOnStart ? 'yes' : 'no']];
  }
  if (kind === 'datadog') {
    const d = v as DatadogIntegration;
    return [['API key', d.apiKey], ['Site', d.site], ['API URL', d.apiUrl]];
  }
  const g = v as GitHubIntegration;
  return [['Token', g.token], ['Repository', g.repository], ['API URL', g.apiUrl]];
}

function TestOutcome({ title, result }: { title: string; result: IntegrationTestResult }) {
  const status = result.status != null ? ` (HTTP ${result.status})` : '';
  return (
    <Notice kind={result.ok ? 'success' : 'warning'}>
      <p className="alert-title">
        {result.ok ? `The test reached ${title}` : `The test did not go through`}
        <span className="alert-status">{status}</span>
      </p>
      {result.detail ? <p className="alert-detail">{result.detail}</p> : null}
    </Notice>
  );
}

/** The settings form of one integration; PUT replaces them, and an empty secret keeps the stored one. */
function IntegrationForm<K extends IntegrationKind>({ kind, path, current, onSaved }: {
  kind: K;
  path: string;
  current: ViewOf<K> | null;
  onSaved: (v: ViewOf<K>) => void;
}) {
  const title = TITLES[kind];
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(kind, current));
  const [notifyOnStart, setNotifyOnStart] = useState(kind === 'slack' && !!(current as SlackIntegration | null)?.notifyOnStart);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const problemField = error instanceof ApiError ? (error.problem.field as string | undefined) : undefined;
  const fieldError = (name: string) => (problemField === name ? (error as ApiError).problem.detail : undefined);
  const keep = current ? `Leave empty to keep the current one (${secretHint(kind, current)}).` : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() || undefined]));
    const body = kind === 'slack' ? { webhookUrl: trimmed.webhookUrl, notifyOnStart } : trimmed;
    try {
      const v = await api<ViewOf<K>>(path, { method: 'PUT', body });
      setValues((cur) => ({ ...cur, [SECRET_FIELD[kind]]: '' }));
      onSaved(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const secret = (label: string, placeholder: string, help: string) => (
    <Field label={label} hint={keep ?? help} error={fieldError(SECRET_FIELD[kind])}>
      {(p) => (
        <input {...p} type="password" autoComplete="new-password" spellCheck={false} value={values[SECRET_FIELD[kind]]}
          onChange={set(SECRET_FIELD[kind])} required={!current} placeholder={current ? undefined : placeholder} />
      )}
    </Field>
  );

  return (
    <form className="integration-form" onSubmit={submit} aria-label={`${title} settings`}>
      {kind === 'slack' ? (
        <>
          {secret('Slack webhook URL', 'https://hooks.slack.com/services/…', 'The incoming webhook of the channel (Slack: Apps → Incoming Webhooks).')}
          <label className="check">
            <input type="checkbox" checked={notifyOnStart} onChange={(e) => setNotifyOnStart(e.target.checked)} /> Also post when a run starts
          </label>
        </>
      ) : null}
      {kind === 'datadog' ? (
        <>
          {secret('Datadog API key', 'an API key, not an application key', 'An API key (not an application key) of your Datadog organization.')}
          <Field label="Datadog site" error={fieldError('site')}>
            {(p) => (
              <select {...p} value={values.site} onChange={set('site')}>
                {DATADOG_SITES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Datadog API URL (optional)" hint="Only for a proxy; otherwise https://api.SITE." error={fieldError('apiUrl')}>
            {(p) => <input {...p} type="url" value={values.apiUrl} onChange={set('apiUrl')} placeholder={`https://api.${values.site}`} />}
          </Field>
        </>
      ) : null}
      {kind === 'github' ? (
        <>
          {secret('GitHub token', 'github_pat_…', 'Fine-grained: "Commit statuses" and "Pull requests", read and write.')}
          <Field label="GitHub repository" hint="owner/name" error={fieldError('repository')}>
            {(p) => <input {...p} value={values.repository} onChange={set('repository')} required placeholder="acme/shop" spellCheck={false} />}
          </Field>
          <Field label="GitHub API URL (optional)" hint={`For GitHub Enterprise Server, https://HOST/api/v3; otherwise ${GITHUB_API}.`} error={fieldError('apiUrl')}>
            {(p) => <input {...p} type="url" value={values.apiUrl} onChange={set('apiUrl')} placeholder={GITHUB_API} />}
          </Field>
        </>
      ) : null}
      <ProblemAlert error={error} title={`The ${title} settings were not saved`} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : current ? `Save ${title} settings` : `Set up ${title}`}
        </button>
      </div>
    </form>
  );
}

const SECRET_FIELD: Record<IntegrationKind, string> = { slack: 'webhookUrl', datadog: 'apiKey', github: 'token' };

function secretHint(kind: IntegrationKind, v: SlackIntegration | DatadogIntegration | GitHubIntegration): string {
  if (kind === 'slack') return (v as SlackIntegration).webhookUrl;
  if (kind === 'datadog') return (v as DatadogIntegration).apiKey;
  return (v as GitHubIntegration).token;
}

/** The form's starting values: the stored settings, never the secret; default URLs left empty so they stay defaults. */
function initialValues(kind: IntegrationKind, v: SlackIntegration | DatadogIntegration | GitHubIntegration | null): Record<string, string> {
  if (kind === 'slack') return { webhookUrl: '' };
  if (kind === 'datadog') {
    const d = v as DatadogIntegration | null;
    const site = d?.site ?? DATADOG_SITES[0];
    return { apiKey: '', site, apiUrl: d && d.apiUrl !== `https://api.${site}` ? d.apiUrl : '' };
  }
  const g = v as GitHubIntegration | null;
  return { token: '', repository: g?.repository ?? '', apiUrl: g && g.apiUrl !== GITHUB_API ? g.apiUrl : '' };
}

