import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BaselineVerdict, EndpointRow, LiveUpdate, Report, Run, RunSummary } from '../api/types';
import { resetCapabilities } from '../lib/capabilities';
import { asRole, mockApi, type Route } from '../testing/mockApi';
import { LiveThresholds, RunPage } from './Run';

const P = 'p-1';
const R = 'rrrrrrrr-1111-4111-8111-111111111111';
const BASE = 'bbbbbbbb-2222-4222-8222-222222222222';

const verdict: BaselineVerdict = {
  baselineRunId: BASE,
  tolerance: { relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 },
  passed: false,
  regressions: [
    { endpoint: 'GET /search', metric: 'p95Millis', baseline: 40, value: 60, change: 0.5 },
    { endpoint: 'Aggregated', metric: 'failRatio', baseline: 0.01, value: 0.03, change: 0.02 },
  ],
  missing: ['GET /old'],
  added: ['POST /new'],
};

const run = (over: Partial<Run> = {}): Run => ({
  id: R, projectId: P, scenarioVersionId: 'v-1', status: 'stopped', statusReason: null, host: 'http://127.0.0.1:8099', users: 20,
  spawnRate: 10, durationSeconds: 300, stopTimeoutSeconds: 0, runners: 1, tags: [], git: null, createdBy: 'sub-1',
  createdAt: '2026-11-20T10:00:00Z', startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T10:05:00Z', runnerStates: [],
  thresholds: [], thresholdResults: null, thresholdsPassed: null, baseline: verdict, ...over,
});

const row = { type: '', name: 'Aggregated', requests: 100, failures: 0, failRatio: 0, avgMillis: 10, minMillis: 1, maxMillis: 50,
  medianMillis: 9, percentilesMillis: { '95%': 20 }, avgContentSize: 10, rps: 10, failuresPerSecond: 0, currentRps: 10,
  currentFailuresPerSecond: 0 } as EndpointRow;

const report: Report = {
  run: { scenario: 'ConsoleShop', host: 'h', targetUsers: 20, spawnRate: 10, startEpochMillis: 0, endEpochMillis: 300_000, users: 20 },
  endpoints: [], aggregated: row, failures: [], exceptions: [], history: [],
};

const summary: RunSummary = {
  id: R, projectId: P, scenario: 'ConsoleShop', scenarioVersion: 1, status: 'stopped', host: 'h', users: 20, tags: [], branch: null,
  commit: null, startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T10:05:00Z',
};

function routes(r: Run, extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    [`GET /api/runs/${R}`]: () => [200, r],
    [`GET /api/runs/${R}/report`]: () => [200, report],
    [`GET /api/projects/${P}`]: () => [200, { id: P, name: 'shop', createdAt: '2026-11-01T00:00:00Z' }],
    [`GET /api/projects/${P}/baseline`]: () => [200, { projectId: P, runId: null, run: null, tolerance: null }],
    ...extra,
  };
}

beforeEach(resetCapabilities);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Run page: against the baseline', () => {
  it('shows a failed verdict with the numbers that got worse and the endpoints not in both runs', async () => {
    mockApi(routes(run()));
    render(asRole('member', <RunPage runId={R} />));
    const panel = await screen.findByRole('region', { name: /Against the baseline/ });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Against the baseline Failed');
    expect(within(panel).getByRole('link', { name: 'bbbbbbbb' }).getAttribute('href')).toBe(`/runs/${BASE}`);
    expect(panel.textContent).toContain('2 numbers got worse than the baseline’s.');
    const rows = within(within(panel).getByRole('table')).getAllByRole('row').map((tr) => Array.from(tr.children).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Endpoint', 'Metric', 'Baseline', 'This run', 'Change'],
      ['GET /search', '95th percentile response time', '40.0 ms', '60.0 ms', '+50.0%'],
      ['Aggregated', 'Failure ratio', '1.00%', '3.00%', '+2.00 pts'],
    ]);
    expect(within(panel).getByText('GET /old')).toBeTruthy();
    expect(within(panel).getByText('POST /new')).toBeTruthy();
  });

  it('shows no verdict for a run that ended without a baseline', async () => {
    mockApi(routes(run({ baseline: null })));
    render(asRole('member', <RunPage runId={R} />));
    await screen.findByRole('button', { name: 'Use as baseline' });
    expect(screen.queryByRole('region', { name: /Against the baseline/ })).toBeNull();
  });

  it('"Use as baseline" sets this run as the project\'s baseline', async () => {
    const calls = mockApi(routes(run(), {
      [`PUT /api/projects/${P}/baseline`]: (body) => [200, { projectId: P, runId: R, run: summary, tolerance: { relative: 0.2, absoluteMillis: 1, failRatioPoints: 0.005 }, body }],
    }));
    render(asRole('member', <RunPage runId={R} />));
    const panel = await screen.findByRole('region', { name: 'Baseline' });
    expect(panel.textContent).toContain('The project has no baseline.');
    fireEvent.change(within(panel).getByLabelText('Relative tolerance (%)'), { target: { value: '20' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Use as baseline' }));
    await within(panel).findByText(/This run is the project’s baseline/);
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe(`/api/projects/${P}/baseline`);
    expect(put.body).toEqual({ runId: R, relative: 0.2, absoluteMillis: 1, failRatioPoints: 0.005 });
    expect(within(panel).queryByRole('button', { name: 'Use as baseline' })).toBeNull();
  });

  it('shows why the baseline was not set', async () => {
    mockApi(routes(run(), {
      [`PUT /api/projects/${P}/baseline`]: () => [409, { detail: `run ${R} is stopped without a final report`, field: 'runId' }],
    }));
    render(asRole('member', <RunPage runId={R} />));
    fireEvent.click(await screen.findByRole('button', { name: 'Use as baseline' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The baseline was not set (HTTP 409)');
    expect(alert.textContent).toContain('without a final report');
  });

  it('offers viewers no button, but says when the run is the baseline', async () => {
    const calls = mockApi(routes(run({ baseline: null })));
    render(asRole('viewer', <RunPage runId={R} />));
    await waitFor(() => expect(calls.some((c) => c.url === `/api/projects/${P}/baseline`)).toBe(true));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('region', { name: 'Baseline' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use as baseline' })).toBeNull();
    cleanup();
    mockApi(routes(run({ baseline: null }), { [`GET /api/projects/${P}/baseline`]: () => [200, { projectId: P, runId: R, run: summary, tolerance: verdict.tolerance }] }));
    render(asRole('viewer', <RunPage runId={R} />));
    await screen.findByText(/This run is the project’s baseline/);
  });

  it('reads "no baseline" from the ordinary answer, and a 404 (the project gone) as the error it is', async () => {
    const calls = mockApi(routes(run({ baseline: null })));
    render(asRole('member', <RunPage runId={R} />));
    const panel = await screen.findByRole('region', { name: 'Baseline' });
    expect(panel.textContent).toContain('The project has no baseline.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls.filter((c) => c.url === `/api/projects/${P}/baseline`).length).toBe(1);
    cleanup();
    mockApi(routes(run({ baseline: null }), {
      [`GET /api/projects/${P}/baseline`]: () => [404, { detail: `project ${P} does not exist, or is not yours` }],
    }));
    render(asRole('member', <RunPage runId={R} />));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The project’s baseline could not be loaded (HTTP 404)');
    expect(screen.queryByRole('button', { name: 'Use as baseline' })).toBeNull();
  });

  it('offers no baseline for a failed run', async () => {
    const calls = mockApi(routes(run({ status: 'failed', baseline: null })));
    render(asRole('member', <RunPage runId={R} />));
    await screen.findByRole('tab', { name: 'Statistics' });
    expect(screen.queryByRole('region', { name: 'Baseline' })).toBeNull();
    expect(calls.some((c) => c.url.endsWith('/baseline'))).toBe(false);
  });
});

describe('Live thresholds', () => {
  // as the live stream sends them: a window not full yet has "NaN" for its actual value
  const update = JSON.parse(`{
    "runId": "${R}", "status": "running", "users": 20, "elapsedSeconds": 42, "endpoints": [], "aggregated": null, "failures": [],
    "latest": null,
    "thresholds": [
      {"threshold": "p95<500ms over 1m", "endpoint": null, "metric": "P95", "limit": 500, "actual": "NaN",
       "actualText": "no full 1m window yet", "passed": true},
      {"threshold": "failures<1%", "endpoint": null, "metric": "FAIL_RATIO", "limit": 0.01, "actual": 0.002,
       "actualText": "0.20%", "passed": true},
      {"threshold": "p99<200ms abort after 2m", "endpoint": "GET /search", "metric": "P99", "limit": 200, "actual": 340.5,
       "actualText": "340.5 ms", "passed": false}
    ]
  }`) as LiveUpdate;

  it('shows each threshold waiting, passing or failing so far', () => {
    render(<LiveThresholds thresholds={update.thresholds!} />);
    const panel = screen.getByRole('region', { name: /Thresholds so far/ });
    expect(within(panel).getByRole('heading').textContent).toBe('Thresholds so far: 1 failing, 1 waiting, 1 passing');
    expect(panel.className).toContain('failed');
    expect(within(panel).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Waiting p95<500ms over 1m: no full 1m window yet',
      'Passing failures<1%: 0.20%',
      'Failing p99<200ms abort after 2m on GET /search: 340.5 ms (stops the run when it fails)',
    ]);
  });

  it('is neutral while nothing fails but something waits', () => {
    render(<LiveThresholds thresholds={update.thresholds!.slice(0, 2)} />);
    const panel = screen.getByTestId('live-thresholds');
    expect(panel.className).toContain('waiting');
    expect(panel.className).not.toContain('failed');
    expect(screen.getByRole('heading').textContent).toBe('Thresholds so far: 1 waiting, 1 passing');
  });
});
