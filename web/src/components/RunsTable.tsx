import type { Project, Run } from '../api/types';
import { formatCount, formatDateTime, formatDuration, shortId } from '../lib/format';
import { Link } from '../lib/router';
import { StatusBadge } from './common';
import { TableScroll } from './StatsTable';

/** Runs, newest first; with `selected`, each row has a checkbox (for comparing runs), those unticked disabled when `full`. */
export function RunsTable({ runs, projects, selected, onToggle, full = false }: {
  runs: Run[];
  projects?: Project[];
  selected?: string[];
  onToggle?: (id: string) => void;
  full?: boolean;
}) {
  const projectName = (id: string) => projects?.find((p) => p.id === id)?.name;
  return (
    <TableScroll label="Runs">
      <table className="data runs-table">
        <caption className="visually-hidden">Runs, newest first</caption>
        <thead>
          <tr>
            {selected ? (
              <th scope="col">
                <span className="visually-hidden">Select to compare</span>
              </th>
            ) : null}
            <th scope="col">Run</th>
            {projects ? <th scope="col">Project</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">Users</th>
            <th scope="col" className="num">Run time</th>
            <th scope="col">Host</th>
            <th scope="col">Tags</th>
            <th scope="col">Branch</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              {selected ? (
                <td>
                  <input
                    type="checkbox"
                    checked={selected.includes(r.id)}
                    disabled={full && !selected.includes(r.id)}
                    onChange={() => onToggle?.(r.id)}
                    aria-label={`Compare run ${shortId(r.id)}`}
                  />
                </td>
              ) : null}
              <th scope="row">
                <Link to={`/runs/${r.id}`} className="mono">
                  {shortId(r.id)}
                </Link>
              </th>
              {projects ? <td>{projectName(r.projectId) ?? shortId(r.projectId)}</td> : null}
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>{formatDateTime(r.startedAt ?? r.createdAt)}</td>
              <td className="num">{formatCount(r.users)}</td>
              <td className="num">{formatDuration(r.durationSeconds)}</td>
              <td className="host">{r.host}</td>
              <td>
                {r.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </td>
              <td>{r.git?.branch ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
