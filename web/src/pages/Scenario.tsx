import { useCanWrite } from '../App';
import type { Project, ScenarioSource, ScenarioVersion } from '../api/types';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../components/common';
import { ScenarioUpload } from '../components/ScenarioUpload';
import { SourceView } from '../components/SourceView';
import { TableScroll } from '../components/StatsTable';
import { formatCount, formatDateTime } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useApi } from '../lib/useApi';

export function ScenarioPage({ projectId, scenarioId }: { projectId: string; scenarioId: string }) {
  const { query } = useLocation();
  const project = useApi<Project>(`/api/projects/${projectId}`);
  const versions = useApi<ScenarioVersion[]>(`/api/projects/${projectId}/scenarios/${scenarioId}/versions`);
  const canWrite = useCanWrite();
  const latest = versions.data?.[0];
  const chosen = Number(query.get('v')) || latest?.version;
  const source = useApi<ScenarioSource>(
    chosen ? `/api/projects/${projectId}/scenarios/${scenarioId}/versions/${chosen}` : null,
  );
  const base = `/projects/${projectId}/scenarios/${scenarioId}`;

  if (versions.error) return <ProblemAlert error={versions.error} title="This scenario could not be loaded" onRetry={versions.reload} />;
  if (!versions.data) return <Loading what="the scenario" />;
  if (!latest) return <EmptyState title="This scenario has no versions" />;

  return (
    <div>
      <p className="breadcrumbs">
        <Link to="/">Projects</Link> / <Link to={`/projects/${projectId}`}>{project.data?.name ?? 'project'}</Link> / {latest.name}
      </p>
      <PageHeader
        title={latest.name}
        subtitle={`${latest.fileName} · ${versions.data.length} version${versions.data.length === 1 ? '' : 's'}`}
        actions={
          canWrite && source.data ? (
            <Link to={`/projects/${projectId}/runs/new?version=${source.data.version.id}`} className="btn btn-primary">
              Run version {source.data.version.version}
            </Link>
          ) : undefined
        }
      />
      <div className="two-col">
        <section aria-labelledby="versions-h" className="panel">
          <h2 id="versions-h">Versions</h2>
          <TableScroll label="Versions">
            <table className="data">
              <caption className="visually-hidden">Versions of {latest.name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">By</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {versions.data.map((v) => (
                  <tr key={v.id} className={v.version === chosen ? 'selected' : undefined}>
                    <th scope="row">
                      <Link to={`${base}?v=${v.version}`} aria-current={v.version === chosen ? 'true' : undefined}>
                        v{v.version}
                      </Link>
                    </th>
                    <td>{formatDateTime(v.createdAt)}</td>
                    <td className="ellipsis">{v.createdBy}</td>
                    <td className="mono" title={v.sha256}>
                      {v.sha256.slice(0, 12)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {canWrite ? (
            <div className="subpanel">
              <h3>Upload a new version</h3>
              <ScenarioUpload
                projectId={projectId}
                fileName={latest.fileName}
                onUploaded={(v) => {
                  versions.reload();
                  navigate(`${base}?v=${v.version}`);
                }}
              />
            </div>
          ) : null}
        </section>
        <section aria-labelledby="source-h" className="panel">
          <h2 id="source-h">Source of version {chosen}</h2>
          <ProblemAlert error={source.error} title="The source could not be loaded" onRetry={source.reload} />
          {source.loading && !source.data ? <Loading what="the source" /> : null}
          {source.data ? <SourceView source={source.data.source} label={`Source of ${latest.fileName} version ${chosen}`} /> : null}
          {source.data?.dataFiles ? (
            <>
              <h3>Test data files</h3>
              {source.data.dataFiles.length === 0 ? (
                <p className="muted">None. Attach CSV, TSV, text or JSON files to an upload when the scenario reads test data.</p>
              ) : (
                <ul className="list" aria-label="Test data files">
                  {source.data.dataFiles.map((f) => (
                    <li key={f.name} className="list-row">
                      <code>{f.name}</code>
                      <span className="muted">{formatCount(f.bytes)} bytes</span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}
