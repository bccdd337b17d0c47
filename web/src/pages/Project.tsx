import { useState } from 'react';
import { useCanWrite } from '../App';
import type { Project, Run, ScenarioSummary, ScenarioVersion } from '../api/types';
import { EmptyState, Loading, Notice, PageHeader, ProblemAlert } from '../components/common';
import { RunsTable } from '../components/RunsTable';
import { ScenarioUpload } from '../components/ScenarioUpload';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/router';
import { useApi } from '../lib/useApi';

export function ProjectPage({ projectId }: { projectId: string }) {
  const project = useApi<Project>(`/api/projects/${projectId}`);
  const scenarios = useApi<ScenarioSummary[]>(`/api/projects/${projectId}/scenarios`);
  const runs = useApi<Run[]>(`/api/runs?projectId=${projectId}&limit=10`);
  const canWrite = useCanWrite();
  const [uploaded, setUploaded] = useState<ScenarioVersion | null>(null);

  if (project.error) return <ProblemAlert error={project.error} title="This project could not be loaded" onRetry={project.reload} />;
  if (!project.data) return <Loading what="the project" />;
  const hasScenarios = (scenarios.data?.length ?? 0) > 0;

  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/">Projects</Link> / {project.data.name}
      </p>
      <PageHeader
        title={project.data.name}
        subtitle={`Created ${formatDateTime(project.data.createdAt)}`}
        actions={
          <>
            <Link to={`/projects/${projectId}/trends`} className="btn">
              Trends
            </Link>
            {canWrite && hasScenarios ? (
              <Link to={`/projects/${projectId}/runs/new`} className="btn btn-primary">
                Start a run
              </Link>
            ) : null}
          </>
        }
      />

      <section aria-labelledby="scenarios-h" className="panel">
        <h2 id="scenarios-h">Scenarios</h2>
        <ProblemAlert error={scenarios.error} title="Scenarios could not be loaded" onRetry={scenarios.reload} />
        {scenarios.loading && !scenarios.data ? <Loading what="scenarios" /> : null}
        {scenarios.data && !hasScenarios ? (
          <EmptyState title="No scenarios yet">
            <p>
              A scenario is one .java file, the counterpart of a locustfile: a class extending <code>HttpUser</code> with{' '}
              <code>@Task</code> methods. {canWrite ? 'Upload one below.' : 'A member of this account can upload one.'}
            </p>
          </EmptyState>
        ) : null}
        {hasScenarios ? (
          <ul className="list" aria-label="Scenarios">
            {scenarios.data!.map((s) => (
              <li key={s.id} className="list-row">
                <div>
                  <Link to={`/projects/${projectId}/scenarios/${s.id}`} className="strong">
                    {s.name}
                  </Link>
                  <span className="muted"> · version {s.latestVersion} · since {formatDateTime(s.createdAt)}</span>
                </div>
                {canWrite ? (
                  <Link to={`/projects/${projectId}/runs/new?scenario=${s.id}`} className="btn btn-small">
                    Run {s.name}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {canWrite ? (
          <div className="subpanel">
            <h3>Upload a scenario</h3>
            {uploaded ? (
              <Notice kind="success">
                {uploaded.fileName} compiled and was stored as version {uploaded.version} of {uploaded.name}.{' '}
                <Link to={`/projects/${projectId}/runs/new?version=${uploaded.id}`}>Start a run with it</Link>
              </Notice>
            ) : null}
            <ScenarioUpload
              projectId={projectId}
              onUploaded={(v) => {
                setUploaded(v);
                scenarios.reload();
              }}
            />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="runs-h" className="panel">
        <div className="panel-header">
          <h2 id="runs-h">Recent runs</h2>
          <Link to={`/runs?projectId=${projectId}`}>All runs of this project</Link>
        </div>
        <ProblemAlert error={runs.error} title="Runs could not be loaded" onRetry={runs.reload} />
        {runs.data && runs.data.length === 0 ? (
          <EmptyState title="No runs yet">
            <p>{hasScenarios ? 'Start a run to put load on your target.' : 'Upload a scenario first, then start a run.'}</p>
          </EmptyState>
        ) : null}
        {runs.data && runs.data.length > 0 ? <RunsTable runs={runs.data} /> : null}
      </section>

      <section aria-labelledby="tokens-h" className="panel">
        <h2 id="tokens-h">CI access</h2>
        <p>
          Pipelines start runs with a project API token. <Link to={`/settings/tokens?projectId=${projectId}`}>Manage this project’s tokens</Link>.
        </p>
      </section>
    </div>
  );
}
