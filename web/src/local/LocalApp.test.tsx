import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EndpointRow, Report } from '../api/types';
import { LocalApp } from './LocalApp';
import type { LocalSession } from './api';

interface Sent {
  method: string;
  url: string;
  form: Record<string, string> | null;
}

const row = (type: string, name: string, requests: number, failures: number): EndpointRow => ({
  type, name, requests, failures, failRatio: requests ? failures / requests : 0, avgMillis: 12.5, minMillis: 1, maxMillis: 80,
  medianMillis: 10, percentilesMillis: { '50%': 10, '90%': 30, '99%': 70 }, avgContentSize: 120, rps: 50, failuresPerSecond: 1,
  currentRps: 48, currentFailuresPerSecond: 0.5,
});

const report: Report = {
  run: { scenario: 'Shop.java', host: 'http://127.0.0.1:8099', targetUsers: 4, spawnRate: 2, startEpochMillis: 1_000_000,
    endEpochMillis: 1_004_000, users: 4 },
  endpoints: [row('GET', '/fast', 300, 0), row('GET', '/flaky', 100, 27)],
  aggregated: row('', 'Aggregated', 400, 27),
  failures: [{ type: 'GET', name: '/flaky', error: 'HTTP 500', occurrences: 27 }],
  exceptions: [],
  history: [],
};

/** The runner's web API as the page sees it: the session changes with what the page sends. */
function fakeRunner() {
  const sent: Sent[] = [];
  let session: LocalSession = {
    scenario: 'Shop.java', state: 'ready', userCount: 0,
    defaults: { users: 10, spawnRate: 1, host: 'http://127.0.0.1:8099', runTimeSeconds: null },
    running: null, runs: [],
    userClasses: [
      { name: 'Shopper', weight: 3, fixedCount: null, share: 0.75, tasks: [
        { name: 'home', weight: 5, share: 5 / 6, tasks: [] }, { name: 'checkout', weight: 1, share: 1 / 6, tasks: [] }] },
      { name: 'Admin', weight: 1, fixedCount: 1, share: null, tasks: [{ name: 'report', weight: 1, share: 1, tasks: [] }] },
    ],
  };
  let shown: Report | null = null;
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const form = init.body instanceof URLSearchParams ? Object.fromEntries(init.body.entries()) : null;
    sent.push({ method, url, form });
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    if (url === '/api/session') return json(session);
    if (url === '/api/report') return json(shown);
    if (url === '/swarm' && form) {
      if (!/^\d+$/.test(form.user_count)) {
        return json({ success: false, message: `user_count must be a whole number of users, e.g. 50, got '${form.user_count}'` }, 400);
      }
      const users = Number(form.user_count);
      const swarm = { users, spawnRate: Number(form.spawn_rate), host: form.host ?? session.running?.host ?? null, runTimeSeconds: null };
      session = { ...session, state: 'running', userCount: users, running: swarm };
      shown = report;
      return json({ success: true, message: 'Swarming started', host: swarm.host });
    }
    if (url === '/stop') {
      session = { ...session, state: 'stopped', userCount: 0, runs: [{ number: 1, swarm: session.running!, error: null,
        startEpochMillis: 1_000_000, endEpochMillis: 1_004_000, requests: 400, failures: 27 }], running: null };
      return json({ success: true, message: 'Test stopped' });
    }
    if (url === '/stats/reset') {
      shown = null;
      return new Response('ok');
    }
    return new Response('not found', { status: 404 });
  }));
  return sent;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the local web UI of barrage run', () => {
  it('starts a run with Locust\'s form fields, changes its users, stops, resets, and offers each run\'s files', async () => {
    const sent = fakeRunner();
    render(<LocalApp pollMillis={60_000} />);
    await screen.findByText('No statistics yet');
    const users = screen.getByLabelText('Number of users (peak concurrency)') as HTMLInputElement;
    expect(users.value).toBe('10');
    expect((screen.getByLabelText('Host') as HTMLInputElement).value).toBe('http://127.0.0.1:8099');

    fireEvent.change(users, { target: { value: '4' } });
    fireEvent.change(screen.getByLabelText('Spawn rate (users started/second)'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Run time (optional)'), { target: { value: '30s' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await screen.findByRole('button', { name: 'Update users' });
    expect(sent.find((s) => s.url === '/swarm')?.form).toEqual(
      { user_count: '4', spawn_rate: '2', host: 'http://127.0.0.1:8099', run_time: '30s' });

    const table = screen.getByRole('table', { name: /Statistics so far/ });
    const aggregated = within(table).getByText('Aggregated').closest('tr')!;
    expect(aggregated.textContent).toContain('400');
    expect(aggregated.textContent).toContain('27');
    expect(within(table).getByText('/flaky')).toBeTruthy();
    expect((screen.getByLabelText('Host') as HTMLInputElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Number of users (peak concurrency)'), { target: { value: 'many' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update users' }));
    await screen.findByText("user_count must be a whole number of users, e.g. 50, got 'many'");

    fireEvent.change(screen.getByLabelText('Number of users (peak concurrency)'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update users' }));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toContain('2 users'));
    expect(sent.filter((s) => s.url === '/swarm').at(-1)?.form).toEqual({ user_count: '2', spawn_rate: '2' });

    fireEvent.click(screen.getByRole('tab', { name: 'Failures (1)' }));
    expect(screen.getByText('HTTP 500')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await screen.findByRole('button', { name: 'Start' });
    const run1 = screen.getByTestId('run-1');
    expect(run1.textContent).toContain('400');
    expect(within(run1).getByRole('link', { name: 'Run 1 stats.csv' }).getAttribute('href')).toBe('/runs/1/stats.csv');
    expect(within(run1).getByRole('link', { name: 'Run 1 report.html' }).getAttribute('href')).toBe('/runs/1/report.html');

    fireEvent.click(screen.getByRole('button', { name: 'Reset statistics' }));
    await screen.findByText('No statistics yet');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toContain('GET /stats/reset');
  });

  it('shows the current ratio of user classes and their tasks before any run', async () => {
    fakeRunner();
    render(<LocalApp pollMillis={60_000} />);
    await screen.findByText('No statistics yet');
    fireEvent.click(screen.getByRole('tab', { name: 'Current ratio' }));
    const ratio = screen.getByTestId('ratio');
    expect(ratio.textContent).toContain('Shopper: 75');
    expect(ratio.textContent).toContain('of the users (weight 3)');
    expect(ratio.textContent).toContain('home: 83');
    expect(ratio.textContent).toContain('Admin: 1 users (fixed count)');
  });

  it('offers Locust\'s downloads of what is shown', async () => {
    fakeRunner();
    render(<LocalApp pollMillis={60_000} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Start' }));
    await screen.findByRole('button', { name: 'Update users' });
    fireEvent.click(screen.getByRole('tab', { name: 'Download data' }));
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toEqual(expect.arrayContaining(['/stats/requests/csv', '/stats/requests_full_history/csv',
      '/stats/failures/csv', '/exceptions/csv', '/stats/report?download=1', '/api/report']));
  });
});
