import type { Report } from '../api/types';

/** What GET /api/session of `barrage run` answers. */
export interface SwarmSettings {
  users: number;
  spawnRate: number;
  host: string | null;
  runTimeSeconds: number | null;
}

export interface FinishedRun {
  number: number;
  swarm: SwarmSettings;
  error: string | null;
  startEpochMillis?: number;
  endEpochMillis?: number;
  requests?: number;
  failures?: number;
  thresholdFailed?: boolean;
}

/** A user class's share of the weighted users (null: a fixed count) and its tasks' shares of its picks. */
export interface TaskRatio {
  name: string;
  weight: number;
  share: number | null;
  tasks: TaskRatio[];
}

export interface UserClassRatio extends TaskRatio {
  fixedCount: number | null;
}

export interface LocalSession {
  scenario: string;
  state: 'ready' | 'spawning' | 'running' | 'stopping' | 'stopped';
  userCount: number;
  defaults: SwarmSettings;
  running: SwarmSettings | null;
  runs: FinishedRun[];
  userClasses: UserClassRatio[];
}

/** The form the runner reads at POST /swarm (Locust's field names). */
export interface SwarmForm {
  user_count: string;
  spawn_rate: string;
  host?: string;
  run_time?: string;
}

/** A refusal of the runner, with its message ("user_count must be a whole number ..."). */
export class RunnerError extends Error {}

async function json<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new RunnerError(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const local = {
  session: () => json<LocalSession>('/api/session'),
  report: () => json<Report | null>('/api/report'),
  async swarm(form: SwarmForm): Promise<string> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
    const res = await fetch('/swarm', { method: 'POST', body });
    const answer = (await res.json()) as { success: boolean; message: string };
    if (!answer.success) throw new RunnerError(answer.message);
    return answer.message;
  },
  async stop(): Promise<void> {
    await json<unknown>('/stop');
  },
  async reset(): Promise<void> {
    const res = await fetch('/stats/reset');
    if (!res.ok) throw new RunnerError(`reset: HTTP ${res.status}`);
  },
};

/** The files of what is shown now (Locust's download links) and of each finished run. */
export const CURRENT_DOWNLOADS = [
  { label: 'Statistics CSV', href: '/stats/requests/csv' },
  { label: 'History CSV', href: '/stats/requests_full_history/csv' },
  { label: 'Failures CSV', href: '/stats/failures/csv' },
  { label: 'Exceptions CSV', href: '/exceptions/csv' },
  { label: 'HTML report', href: '/stats/report?download=1' },
  { label: 'JSON report', href: '/api/report' },
];

export function runDownloads(n: number) {
  return [
    { label: 'stats.csv', href: `/runs/${n}/stats.csv` },
    { label: 'stats_history.csv', href: `/runs/${n}/stats_history.csv` },
    { label: 'failures.csv', href: `/runs/${n}/failures.csv` },
    { label: 'exceptions.csv', href: `/runs/${n}/exceptions.csv` },
    { label: 'report.html', href: `/runs/${n}/report.html` },
    { label: 'report.json', href: `/runs/${n}/report.json` },
  ];
}
