import { useState, type FormEvent } from 'react';
import { useSession } from '../App';
import { api } from '../api/client';
import { isEnded, type ApiToken, type CreatedToken, type Project } from '../api/types';
import { ConfirmButton, CopyButton, EmptyState, Loading, NotAvailable, PageHeader, ProblemAlert, ProjectPicker, StatusBadge } from '../components/common';
import { TableScroll } from '../components/StatsTable';
import { useCapabilities } from '../lib/capabilities';
import { formatDateTime, formatDuration, formatVuHours, shortId } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useApi } from '../lib/useApi';
import { useUsage, type Usage } from '../lib/usage';
import { IntegrationsSection } from './Integrations';
import { MembersSection } from './Members';

const SECTIONS = [
  { id: 'members', label: 'Members' },
  { id: 'tokens', label: 'API tokens' },
  { id: 'integrations', label: 'Integrations' },
  { id: 'usage', label: 'Usage and plan' },
];

export function SettingsPage({ section }: { section: string }) {
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0];
  return (
    <div>
      <PageHeader title="Settings" subtitle="The current account: its people, CI tokens, integrations and plan." />
      <div className="settings">
        <nav aria-label="Settings" className="subnav">
          {SECTIONS.map((s) => (
            <Link key={s.id} to={`/settings/${s.id}`} className={s.id === current.id ? 'active' : undefined}
              aria-current={s.id === current.id ? 'page' : undefined}>
              {s.label}
            </Link>
          ))}
        </nav>
        <section className="panel settings-body" aria-labelledby="settings-h">
          <h2 id="settings-h">{current.label}</h2>
          {current.id === 'members' ? <MembersSection /> : null}
          {current.id === 'tokens' ? <TokensSection /> : null}
          {current.id === 'integrations' ? <IntegrationsSection /> : null}
          {current.id === 'usage' ? <UsageSection /> : null}
        </section>
      </div>
    </div>
  );
}

export const TOKENS_PATH = '/api/projects/{projectId}/tokens';
const SCOPES = [
  { id: 'runs:read', label: 'Read runs and reports' },
  { id: 'runs:write', label: 'Start and stop runs' },
  { id: 'scenarios:write', label: 'Upload scenarios' },
];

function TokensSection() {
  const caps = useCapabilities();
  const { query } = useLocation();
  const projects = useApi<Project[]>('/api/projects');
  const projectId = query.get('projectId') ?? projects.data?.[0]?.id ?? '';
  if (!caps.loaded) return <Loading what="what the control plane offers" />;
  if (caps.paths && !caps.has(TOKENS_PATH)) {
    return (
      <NotAvailable feature="API tokens">
        <p>The control plane does not issue project API tokens yet. Until it does, CI can only sign in as a person.</p>
      </NotAvailable>
    );
  }
  return (
    <div>
      <p>
        A token lets a CI pipeline call the API for one project. It is shown once when created; only its prefix is kept
        in view after that. Revoke a token the moment it may have leaked.
      </p>
      <ProblemAlert error={projects.error} title="Projects could not be loaded" onRetry={projects.reload} />
      {projects.data && projects.data.length === 0 ? (
        <EmptyState title="No projects yet">
          <p>
            Tokens belong to a project: <Link to="/">create a project</Link> first.
          </p>
        </EmptyState>
      ) : null}
      {projects.data && projects.data.length > 0 ? (
        <>
          <ProjectPicker projects={projects.data} value={projectId}
            onChange={(id) => navigate(`/settings/tokens?projectId=${id}`, { replace: true })} />
          {projectId ? <ProjectTokens key={projectId} projectId={projectId} /> : null}
        </>
      ) : null}
    </div>
  );
}

function ProjectTokens({ projectId }: { projectId: string }) {
  const tokens = useApi<ApiToken[]>(`/api/projects/${projectId}/tokens`);
  const { me } = useSession();
  const canManage = me.role === 'owner' || me.role === 'admin';
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(SCOPES.map((s) => s.id));
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const t = await api<CreatedToken>(`/api/projects/${projectId}/tokens`, { body: { name: name.trim(), scopes } });
      setCreated(t);
      setName('');
      tokens.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (t: ApiToken) => {
    setError(null);
    try {
      await api(`/api/projects/${projectId}/tokens/${t.id}`, { method: 'DELETE' });
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      {created ? (
        <div className="alert alert-success secret" role="status">
          <p className="alert-title">Token “{created.token.name}” created. Copy it now: it will not be shown again.</p>
          <div className="secret-row">
            <code className="secret-value" data-testid="token-secret">{created.secret}</code>
            <CopyButton text={created.secret} label="Copy token" />
          </div>
          <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </div>
      ) : null}
      {canManage ? (
        <form className="token-form" onSubmit={create} aria-label="New API token">
          <label>
            <span>Token name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="github-actions" maxLength={100} required />
          </label>
          <fieldset>
            <legend>Scopes</legend>
            {SCOPES.map((s) => (
              <label key={s.id} className="check">
                <input
                  type="checkbox"
                  checked={scopes.includes(s.id)}
                  onChange={() => setScopes((cur) => (cur.includes(s.id) ? cur.filter((x) => x !== s.id) : [...cur, s.id]))}
                />{' '}
                <code>{s.id}</code> {s.label}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim() || scopes.length === 0}>
            {busy ? 'Creating…' : 'Create token'}
          </button>
        </form>
      ) : (
        <p className="hint">Only owners and admins create and revoke tokens.</p>
      )}
      <ProblemAlert error={error} title="The token change failed" />
      <ProblemAlert error={tokens.error} title="Tokens could not be loaded" onRetry={tokens.reload} />
      {tokens.loading && !tokens.data ? <Loading what="tokens" /> : null}
      {tokens.data && tokens.data.length === 0 ? (
        <EmptyState title="No tokens for this project">
          <p>{canManage ? 'Create one above and put it in your CI secrets.' : 'An owner or admin can create one.'}</p>
        </EmptyState>
      ) : null}
      {tokens.data && tokens.data.length > 0 ? (
        <TableScroll label="API tokens">
          <table className="data">
            <caption className="visually-hidden">API tokens of this project</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td className="mono">{t.prefix}…</td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{formatDateTime(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge badge-stopped">revoked {formatDateTime(t.revokedAt)}</span>
                    ) : canManage ? (
                      <ConfirmButton
                        label={<>Revoke <span className="visually-hidden">{t.name}</span></>}
                        confirmLabel={`Yes, revoke ${t.name}`}
                        onConfirm={() => revoke(t)}
                      />
                    ) : (
                      <span className="badge badge-finished">active</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </div>
  );
}

function UsageSection() {
  const usage = useUsage();
  const { me } = useSession();
  const account = me.accounts.find((a) => a.id === me.currentAccount);
  return (
    <div>
      <dl className="facts-list">
        <div>
          <dt>Account</dt>
          <dd>{account?.name ?? me.currentAccount}</dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>{usage.state === 'ok' && usage.usage.plan ? usage.usage.plan : account?.plan ?? '—'}</dd>
        </div>
        <div>
          <dt>Your role</dt>
          <dd>{me.role}</dd>
        </div>
      </dl>
      {usage.state === 'loading' ? <Loading what="usage" /> : null}
      {usage.state === 'unavailable' ? (
        <NotAvailable feature="VU-hour usage">
          <p>This control plane does not meter VU-hours. A run uses users × run time ÷ 3600 VU-hours; the start form shows that number for each run.</p>
        </NotAvailable>
      ) : null}
      {usage.state === 'error' ? <ProblemAlert error={usage.error} title="Usage could not be loaded" /> : null}
      {usage.state === 'ok' ? <UsageNumbers usage={usage.usage} /> : null}
    </div>
  );
}

function UsageNumbers({ usage }: { usage: Usage }) {
  const { includedVuHours: inc, usedVuHours: used, reservedVuHours: reserved, remainingVuHours: left, limits } = usage;
  const pct = inc && used !== undefined ? Math.min(100, ((used + (reserved ?? 0)) / inc) * 100) : undefined;
  return (
    <div>
      <h3>VU-hours{usage.month ? ` in ${formatMonth(usage.month)}` : ''}</h3>
      <dl className="facts-list">
        <div>
          <dt>Included in the plan</dt>
          <dd>{formatVuHours(inc)}</dd>
        </div>
        <div>
          <dt>Used</dt>
          <dd>{formatVuHours(used)}</dd>
        </div>
        <div>
          <dt>Held for runs in progress</dt>
          <dd>{formatVuHours(reserved ?? 0)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd data-testid="usage-remaining">{formatVuHours(left)}</dd>
        </div>
      </dl>
      {pct !== undefined ? (
        <div className="meter">
          <progress max={100} value={pct} aria-label="Share of this month's VU-hours used or held" />
          <span>{pct.toFixed(pct < 10 ? 1 : 0)}% used or held</span>
        </div>
      ) : null}
      {limits ? (
        <>
          <h3>Limits of the {limits.name ?? ''} plan</h3>
          <dl className="facts-list">
            <div>
              <dt>Users per run</dt>
              <dd>{limits.maxUsersPerRun ?? '—'}</dd>
            </div>
            <div>
              <dt>Runs at the same time</dt>
              <dd>{limits.maxConcurrentRuns ?? '—'}</dd>
            </div>
            <div>
              <dt>Longest run</dt>
              <dd>{limits.maxRunSeconds !== undefined ? formatDuration(limits.maxRunSeconds) : '—'}</dd>
            </div>
            <div>
              <dt>Runners per run</dt>
              <dd>{limits.maxRunners ?? '—'}</dd>
            </div>
          </dl>
        </>
      ) : null}
      <h3>Runs this month</h3>
      {usage.runs.length === 0 ? (
        <EmptyState title="No VU-hours used this month">
          <p>Runs are metered from the users they actually ran, second by second.</p>
        </EmptyState>
      ) : (
        <TableScroll label="VU-hours per run">
          <table className="data">
            <caption className="visually-hidden">VU-hours per run this month</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Used</th>
                <th scope="col" className="num">Held while running</th>
              </tr>
            </thead>
            <tbody>
              {[...usage.runs].sort((a, b) => b.vuHours - a.vuHours).map((r) => (
                <tr key={r.runId}>
                  <th scope="row">
                    <Link to={`/runs/${r.runId}`} className="mono">{shortId(r.runId)}</Link>
                  </th>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="num">{formatVuHours(r.vuHours)}</td>
                  <td className="num">{isEnded(r.status) ? '—' : formatVuHours(r.reservedVuHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

function formatMonth(month: string): string {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00`);
  return Number.isNaN(d.getTime()) ? month : d.toLocaleString('en-US', { month: 'long', year: 'numeric' });
}
