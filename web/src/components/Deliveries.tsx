import { useEffect } from 'react';
import type { Delivery } from '../api/types';
import { Link } from '../lib/router';
import { useApi } from '../lib/useApi';
import { EmptyState, Loading, ProblemAlert } from './common';
import { TableScroll } from './StatsTable';

export const DELIVERIES_PATH = '/api/runs/{id}/deliveries';

const TITLES: Record<string, string> = { slack: 'Slack', datadog: 'Datadog', github: 'GitHub' };
const BADGE: Record<string, string> = {
  delivered: 'badge-finished', failed: 'badge-failed', pending: 'badge-starting', sending: 'badge-starting', skipped: 'badge-stopped',
};

/** What the project's integrations were sent about a run, and what became of each message. */
export function DeliveriesTable({ runId, projectId }: { runId: string; projectId: string }) {
  const list = useApi<Delivery[]>(`/api/runs/${runId}/deliveries`);
  // while a message still waits for an attempt, look again
  const open = list.data?.some((d) => d.status === 'pending' || d.status === 'sending') ?? false;
  const { reload } = list;
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(reload, 3000);
    return () => clearTimeout(timer);
  }, [open, list.data, reload]);

  if (list.error) return <ProblemAlert error={list.error} title="The notifications could not be loaded" onRetry={list.reload} />;
  if (!list.data) return <Loading what="notifications" />;
  if (list.data.length === 0) {
    return (
      <EmptyState title="No notifications about this run">
        <p>
          When the project has Slack, Datadog or GitHub set up (<Link to={`/settings/integrations?projectId=${projectId}`}>Settings → Integrations</Link>),
          what they were sent about its runs is listed here.
        </p>
      </EmptyState>
    );
  }
  return (
    <TableScroll label="Notifications">
      <table className="data deliveries-table">
        <caption className="visually-hidden">Notifications sent about this run</caption>
        <thead>
          <tr>
            <th scope="col">Integration</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Attempts</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((d) => (
            <tr key={d.id}>
              <th scope="row">
                {TITLES[d.integration] ?? d.integration} <span className="sub">{d.action}</span>
              </th>
              <td className="mono">{d.event}</td>
              <td>
                <span className={`badge ${BADGE[d.status] ?? 'badge-stopped'}`}>{d.status}</span>
              </td>
              <td className="num">{d.attempts}</td>
              <td className="message">{d.status === 'delivered' ? '' : d.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
