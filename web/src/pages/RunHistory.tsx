import { useState, type FormEvent } from 'react';
import { query as qs } from '../api/client';
import type { Project, Run } from '../api/types';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../components/common';
import { RunsTable } from '../components/RunsTable';
import { compareHref, MAX_COMPARED } from '../lib/compare';
import { Link, navigate, useLocation } from '../lib/router';
import { useApi } from '../lib/useApi';

const STATUSES = ['starting', 'running', 'stopping', 'finished', 'stopped', 'failed'];

export function RunHistoryPage() {
  const { query } = useLocation();
  const filters = {
    projectId: query.get('projectId') ?? '',
    status: query.get('status') ?? '',
    tag: query.get('tag') ?? '',
    branch: query.get('branch') ?? '',
    limit: query.get('limit') ?? '50',
  };
  const runs = useApi<Run[]>(`/api/runs${qs(filters)}`);
  const projects = useApi<Project[]>('/api/projects');
  const [draft, setDraft] = useState(filters);
  const [selected, setSelected] = useState<string[]>([]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/runs${qs(draft)}`);
  };
  const clear = () => {
    const empty = { projectId: '', status: '', tag: '', branch: '', limit: '50' };
    setDraft(empty);
    navigate('/runs');
  };
  // the first ticked is the baseline; past the limit, ticking more does nothing (its box stays clear)
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length < MAX_COMPARED ? [...s, id] : s));
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'limit' && v);

  return (
    <div>
      <PageHeader
        title="Runs"
        subtitle={`Every run of this account, newest first. Tick 2 to ${MAX_COMPARED} runs to compare them; the first ticked is the baseline.`}
        actions={
          <button
            type="button"
            className="btn btn-primary"
            disabled={selected.length < 2}
            onClick={() => navigate(compareHref(selected))}
          >
            Compare selected ({selected.length})
          </button>
        }
      />
      <form className="filters panel" onSubmit={apply} aria-label="Filter runs">
        <label>
          <span>Project</span>
          <select value={draft.projectId} onChange={(e) => setDraft({ ...draft, projectId: e.target.value })}>
            <option value="">All projects</option>
            {projects.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Status</span>
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Tag</span>
          <input value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} placeholder="smoke" />
        </label>
        <label>
          <span>Branch</span>
          <input value={draft.branch} onChange={(e) => setDraft({ ...draft, branch: e.target.value })} placeholder="main" />
        </label>
        <label>
          <span>Show</span>
          <select value={draft.limit} onChange={(e) => setDraft({ ...draft, limit: e.target.value })}>
            {['20', '50', '100', '500'].map((n) => (
              <option key={n} value={n}>
                {n} runs
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            Apply filters
          </button>
          <button type="button" className="btn" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      <ProblemAlert error={runs.error} title="Runs could not be loaded" onRetry={runs.reload} />
      {runs.loading ? <Loading what="runs" /> : null}
      {runs.data && runs.data.length === 0 ? (
        <EmptyState title={filtered ? 'No run matches these filters' : 'No runs yet'}>
          {filtered ? (
            <p>Clear a filter or two to see more runs.</p>
          ) : (
            <p>
              Open a <Link to="/">project</Link>, upload a scenario and start a run: it will be listed here.
            </p>
          )}
        </EmptyState>
      ) : null}
      {runs.data && runs.data.length > 0 ? (
        <RunsTable runs={runs.data} projects={projects.data} selected={selected} onToggle={toggle} full={selected.length >= MAX_COMPARED} />
      ) : null}
    </div>
  );
}
