import { useState, type FormEvent } from 'react';
import { useCanWrite } from '../App';
import { api } from '../api/client';
import type { Project } from '../api/types';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../components/common';
import { formatDateTime } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { useApi } from '../lib/useApi';

export function ProjectsPage() {
  const projects = useApi<Project[]>('/api/projects');
  const canWrite = useCanWrite();
  return (
    <div>
      <PageHeader title="Projects" subtitle="A project holds scenarios, their runs and API tokens." />
      {canWrite ? <NewProjectForm onCreated={(p) => navigate(`/projects/${p.id}`)} /> : null}
      <ProblemAlert error={projects.error} title="Projects could not be loaded" onRetry={projects.reload} />
      {projects.loading && !projects.data ? <Loading what="projects" /> : null}
      {projects.data && projects.data.length === 0 ? (
        <EmptyState title="No projects yet">
          {canWrite ? (
            <p>Create one above, e.g. “shop”, then upload a scenario (a .java file) to it and start a run.</p>
          ) : (
            <p>You can read this account’s projects, but there are none yet. Ask an owner or admin to create one.</p>
          )}
        </EmptyState>
      ) : null}
      {projects.data && projects.data.length > 0 ? (
        <ul className="cards" aria-label="Projects">
          {projects.data.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/projects/${p.id}`} className="card-title">
                {p.name}
              </Link>
              <p className="muted">Created {formatDateTime(p.createdAt)}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function NewProjectForm({ onCreated }: { onCreated: (p: Project) => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api<Project>('/api/projects', { body: { name } }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New project">
      <label>
        <span>New project name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="shop" />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
        {busy ? 'Creating…' : 'Create project'}
      </button>
      <ProblemAlert error={error} title="The project was not created" />
    </form>
  );
}
