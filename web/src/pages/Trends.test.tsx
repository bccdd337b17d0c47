import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Numbers, RunSummary, Trend } from '../api/types';
import { formatDay } from '../lib/format';
import { RouterProvider } from '../lib/router';
import { asRole, mockApi, type Route } from '../testing/mockApi';
import { TrendsPage } from './Trends';

const P = 'p-1';
const R1 = '11111111-1111-4111-8111-111111111111';
const R2 = '22222222-2222-4222-8222-222222222222';
const R3 = '33333333-3333-4333-8333-333333333333';

const n = (p95: number, rps = 50): Numbers => ({
  requests: 1000, failures: 0, failRatio: 0, rps, medianMillis: 20, p95Millis: p95, p99Millis: p95 * 2, avgMillis: 25, maxMillis: 300,
});

const run = (id: string, day: number, over: Partial<RunSummary> = {}): RunSummary => ({
  id, projectId: P, scenario: 'ConsoleShop', scenarioVersion: day, status: 'finished', host: 'h', users: 20, tags: [],
  branch: 'main', commit: null, startedAt: `2026-11-${10 + day}T10:00:00Z`, endedAt: `2026-11-${10 + day}T10:05:00Z`, ...over,
});

const trend: Trend = {
  projectId: P,
  baselineRunId: R1,
  runs: [run(R1, 1), run(R2, 2, { tags: ['smoke'] }), run(R3, 3, { branch: null })],
  endpoints: [
    { type: 'GET', name: '/cart', points: [n(40), null, n(45)] },
    { type: 'GET', name: '/items', points: [n(100), n(110), n(90)] },
  ],
  aggregated: { type: '', name: 'Aggregated', points: [n(50, 60), n(60, 55), n(55, 58)] },
};

const baselineView = { projectId: P, runId: R1, run: trend.runs[0], tolerance: { relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 } };

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    [`GET /api/projects/${P}`]: () => [200, { id: P, name: 'shop', createdAt: '2026-11-01T00:00:00Z' }],
    [`GET /api/projects/${P}/trends?limit=30`]: () => [200, trend],
    [`GET /api/projects/${P}/baseline`]: () => [200, baselineView],
    ...extra,
  };
}

function page(role = 'member') {
  return render(asRole(role, <RouterProvider><TrendsPage projectId={P} /></RouterProvider>));
}

beforeEach(() => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  window.history.replaceState(null, '', `/projects/${P}/trends`);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('Trends', () => {
  it('draws one chart per endpoint, every request together first, with gaps and the baseline marked', async () => {
    mockApi(routes());
    page();
    await screen.findByText('GET /cart');
    const charts = Array.from(document.querySelectorAll('figure.chart'));
    expect(charts.map((c) => c.querySelector('figcaption')!.textContent)).toEqual(['Aggregated', 'GET /cart', 'GET /items']);

    const cart = charts[1];
    const [line, baseline] = Array.from(cart.querySelectorAll('path.line'));
    // the second run did not call /cart: the line breaks there, and each point has its dot
    expect(line.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    expect(line.getAttribute('d')!.match(/L/g)).toBeNull();
    expect(cart.querySelectorAll('circle.marker')).toHaveLength(2);
    // the baseline's value across the chart, dashed
    expect(baseline.classList.contains('dashed')).toBe(true);
    expect(within(cart as HTMLElement).getByText(/Baseline \(run 11111111\)/).textContent).toBe('Baseline (run 11111111): 40.0 ms');
    // x: the runs, labelled with the day they started
    const labels = Array.from(cart.querySelectorAll('text.axis')).map((t) => t.textContent);
    expect(labels).toEqual(trend.runs.map((r) => formatDay(r.startedAt)));

    fireEvent.change(screen.getByLabelText('Metric'), { target: { value: 'rps' } });
    expect(screen.getByRole('heading', { name: 'Requests per second' })).toBeTruthy();
    expect(within(charts[0] as HTMLElement).getByText(/^Baseline/).textContent).toBe('Baseline (run 11111111): 60.0');
  });

  it('lists the runs, links to comparing them, shows the baseline and lets a member clear it', async () => {
    const calls = mockApi(routes({ [`DELETE /api/projects/${P}/baseline`]: () => [204, null] }));
    page();
    const table = await screen.findByRole('table', { name: /runs in the charts/i });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(['11111111 baseline', '22222222', '33333333']);
    expect(rows[1].textContent).toContain('ConsoleShop v2');
    expect(screen.getByRole('link', { name: 'Compare these' }).getAttribute('href')).toBe(`/compare?runs=${R1},${R2},${R3}&baseline=${R1}`);

    const section = screen.getByRole('region', { name: 'Baseline' });
    await within(section).findByText(/every run of the project that ends later is judged against it/);
    expect(section.textContent).toContain('a change of 10 % (times and rates, and at least 1 ms for times) or of 0.5 points');
    fireEvent.click(within(section).getByRole('button', { name: 'Clear baseline' }));
    fireEvent.click(within(section).getByRole('button', { name: 'Yes, clear the baseline' }));
    await within(section).findByText(/No baseline is set/);
    expect(calls.some((c) => c.method === 'DELETE' && c.url === `/api/projects/${P}/baseline`)).toBe(true);
    await waitFor(() => expect(calls.filter((c) => c.url === `/api/projects/${P}/trends?limit=30`)).toHaveLength(2));
  });

  it('shows viewers the baseline without the button, and "none" when the project has none', async () => {
    mockApi(routes());
    page('viewer');
    const section = await screen.findByRole('region', { name: 'Baseline' });
    await within(section).findByText(/judged against it/);
    expect(within(section).queryByRole('button')).toBeNull();
    cleanup();
    mockApi(routes({ [`GET /api/projects/${P}/baseline`]: () => [200, { projectId: P, runId: null, run: null, tolerance: null }] }));
    page();
    await screen.findByText(/No baseline is set/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks for as many runs as chosen, of the branch given', async () => {
    const calls = mockApi(routes({
      [`GET /api/projects/${P}/trends?limit=10`]: () => [200, trend],
      [`GET /api/projects/${P}/trends?limit=10&branch=release`]: () => [200, { ...trend, runs: [], endpoints: [], aggregated: { ...trend.aggregated, points: [] } }],
    }));
    page();
    await screen.findByText('GET /cart');
    fireEvent.change(screen.getByLabelText('Runs'), { target: { value: '10' } });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain(`/api/projects/${P}/trends?limit=10`));
    fireEvent.change(screen.getByLabelText('Branch'), { target: { value: ' release ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply branch' }));
    await screen.findByText('No finished run on branch release');
    expect(window.location.search).toBe('?limit=10&branch=release');
  });
});
