import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change, Comparison, MetricId, Numbers, Report, Run, RunSummary } from '../api/types';
import { RouterProvider } from '../lib/router';
import { mockApi, type Route } from '../testing/mockApi';
import { ComparePage } from './Compare';
import { RunHistoryPage } from './RunHistory';

const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';
const C = 'cccccccc-3333-4333-8333-333333333333';

const nums = (p95: number, over: Partial<Numbers> = {}): Numbers => ({
  requests: 1000, failures: 0, failRatio: 0, rps: 50, medianMillis: 20, p95Millis: p95, p99Millis: p95 * 2, avgMillis: 25,
  maxMillis: 300, ...over,
});

const METRIC_IDS: MetricId[] = ['requests', 'rps', 'failRatio', 'medianMillis', 'p95Millis', 'p99Millis', 'avgMillis'];

/** The server's changes of `value` against `base`, with the verdicts given (the rest "same"). */
function changes(base: Numbers, value: Numbers, verdicts: Partial<Record<MetricId, Change['verdict']>> = {}): Change[] {
  return METRIC_IDS.map((metric) => ({
    metric,
    baseline: base[metric],
    value: value[metric],
    change: metric === 'failRatio' ? value[metric] - base[metric] : (value[metric] - base[metric]) / base[metric],
    verdict: verdicts[metric] ?? 'same',
  }));
}

const summary = (id: string, over: Partial<RunSummary> = {}): RunSummary => ({
  id, projectId: 'p-1', scenario: 'ConsoleShop', scenarioVersion: 1, status: 'finished', host: 'http://127.0.0.1:8099', users: 20,
  tags: [], branch: null, commit: null, startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T10:05:00Z', ...over,
});

function cells(a: Numbers | null, b: Numbers | null, c: Numbers | null, vb = {}, vc = {}) {
  return [
    { runId: A, numbers: a, changes: null },
    { runId: B, numbers: b, changes: a && b ? changes(a, b, vb) : null },
    { runId: C, numbers: c, changes: a && c ? changes(a, c, vc) : null },
  ];
}

const comparison: Comparison = {
  baselineRunId: A,
  tolerance: { relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 },
  runs: [
    summary(A, { tags: ['nightly'], branch: 'main', commit: '0123456789abcdef' }),
    summary(B, { scenarioVersion: 2, status: 'stopped' }),
    summary(C, { scenarioVersion: 3, users: 40 }),
  ],
  endpoints: [
    { type: 'GET', name: '/cart', cells: cells(nums(40), nums(60), nums(30), { p95Millis: 'regression', p99Millis: 'regression' }, { p95Millis: 'improvement', p99Millis: 'improvement' }) },
    { type: 'GET', name: '/items/[id]', cells: cells(nums(100), nums(100), null) },
    { type: 'POST', name: '/new', cells: cells(null, nums(10), nums(12)) },
  ],
  aggregated: { type: '', name: 'Aggregated', cells: cells(nums(50), nums(70, { rps: 40 }), nums(45), { p95Millis: 'regression', rps: 'regression' }) },
  regressions: [0, 4, 0],
};

const report = (start: number): Report => ({
  run: { scenario: 'ConsoleShop', host: 'h', targetUsers: 20, spawnRate: 10, startEpochMillis: start, endEpochMillis: start + 3000, users: 20 },
  endpoints: [], aggregated: {} as Report['aggregated'], failures: [], exceptions: [],
  history: [0, 1, 2].map((s) => ({
    epochMillis: start + s * 1000, users: 20, key: null, intervalRequests: 50, intervalFailures: 0, currentRps: 50 + s,
    currentFailuresPerSecond: 0, intervalP50Millis: 10, intervalP95Millis: 20 + s, intervalP99Millis: 30, totalRequests: 50 * s,
    totalFailures: 0,
  })),
});

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/runs?limit=100': () => [200, []],
    'GET /api/projects': () => [200, [{ id: 'p-1', name: 'shop', createdAt: '2026-11-01T00:00:00Z' }]],
    [`GET /api/runs/compare?runs=${A},${B},${C}&baseline=${A}`]: () => [200, comparison],
    [`GET /api/runs/${A}/report`]: () => [200, report(1_000_000)],
    [`GET /api/runs/${B}/report`]: () => [200, report(2_000_000)],
    [`GET /api/runs/${C}/report`]: () => [200, report(3_000_000)],
    ...extra,
  };
}

function at(url: string) {
  window.history.replaceState(null, '', url);
}

/** A row's cells as text, by the row's name. */
function rowCells(table: HTMLElement, name: string): string[] {
  const th = within(table).getAllByRole('rowheader').find((h) => h.textContent?.startsWith(name))!;
  return Array.from(th.closest('tr')!.querySelectorAll('td, th')).map((c) => c.textContent ?? '');
}

beforeEach(() => {
  // navigate() scrolls to the top, which jsdom does not do
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  at('/');
});

describe('Compare runs', () => {
  it('shows every run against the baseline, endpoint by endpoint, with the server\'s verdicts', async () => {
    const calls = mockApi(routes());
    at(`/compare?runs=${A},${B},${C}&baseline=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    expect(screen.getByRole('heading', { name: 'Compare runs', level: 1 })).toBeTruthy();
    const table = await screen.findByRole('table');

    const cards = within(screen.getByRole('list', { name: 'Runs' })).getAllByRole('listitem');
    expect(cards).toHaveLength(3);
    expect(cards[0].textContent).toContain('baseline');
    expect(cards[0].textContent).toContain('ConsoleShop v1');
    expect(cards[0].textContent).toContain('nightly');
    expect(cards[0].textContent).toContain('branch main @ 0123456789');
    expect(cards[1].textContent).toContain('4 regressions');
    expect(cards[1].textContent).toContain('ConsoleShop v2');
    expect(cards[2].textContent).toContain('no regression');
    expect(within(cards[0]).getByRole('link', { name: 'aaaaaaaa' }).getAttribute('href')).toBe(`/runs/${A}`);

    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent))
      .toEqual(['Type', 'Name', 'aaaaaaaa (baseline)', 'bbbbbbbb', 'cccccccc']);
    expect(within(table).getAllByRole('rowheader').map((h) => h.textContent))
      .toEqual(['/cart', '/items/[id]', '/new (not in baseline)', 'Aggregated']);
    // p95 by default: the baseline's value, then each run's with its change and verdict
    expect(rowCells(table, '/cart')).toEqual(['GET', '/cart', '40.0', '60.0+50.0% regressionalso worse: 99%ile (ms)', '30.0−25.0% better']);
    const cart = within(table).getByRole('rowheader', { name: '/cart' }).closest('tr')!;
    expect(cart.className).toBe('row-regression');
    expect(cart.querySelectorAll('td.delta.regression')).toHaveLength(1);
    expect(cart.querySelectorAll('td.delta.improvement')).toHaveLength(1);
    // run C did not call /items/[id]
    expect(rowCells(table, '/items/[id]')).toEqual(['GET', '/items/[id]', '100', '100±0%', '—not called']);
    expect(rowCells(table, '/new')).toEqual(['POST', '/new (not in baseline)', '—not called', '10.0not in baseline', '12.0not in baseline']);

    fireEvent.change(screen.getByLabelText('Metric'), { target: { value: 'rps' } });
    expect(rowCells(table, 'Aggregated')).toEqual(['', 'Aggregated', '50.0', '40.0−20.0% regressionalso worse: 95%ile (ms)', '50.0±0%']);

    // the time series of each run over each other: a line per run
    await waitFor(() => expect(document.querySelectorAll('figure.chart')).toHaveLength(2));
    for (const chart of document.querySelectorAll('figure.chart')) expect(chart.querySelectorAll('path.line')).toHaveLength(3);
    expect(calls.filter((c) => c.url.startsWith('/api/runs/compare'))).toHaveLength(1);
  });

  it('makes another run the baseline, removes one, adds one from the recent ended runs', async () => {
    const recent = [B, C, 'dddddddd-4444-4444-8444-444444444444', 'eeeeeeee-5555-4555-8555-555555555555'].map((id, i) => ({
      id, projectId: 'p-1', status: i === 3 ? 'running' : 'finished', users: 20, tags: [], createdAt: '2026-11-20T10:00:00Z',
      startedAt: '2026-11-20T10:00:00Z',
    }));
    mockApi(routes({ 'GET /api/runs?limit=100': () => [200, recent] }));
    at(`/compare?runs=${A},${B},${C}&baseline=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    await screen.findByRole('table');
    fireEvent.click(screen.getByLabelText('Run bbbbbbbb is the baseline'));
    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${B}`);
    fireEvent.click(screen.getByRole('button', { name: 'Remove run bbbbbbbb' }));
    expect(window.location.search).toBe(`?runs=${A},${C}&baseline=${A}`);
    // only ended runs not compared yet are offered
    const add = screen.getByLabelText('Add a run') as HTMLSelectElement;
    expect(Array.from(add.options).map((o) => o.value)).toEqual(['', B, 'dddddddd-4444-4444-8444-444444444444']);
    fireEvent.change(add, { target: { value: 'dddddddd-4444-4444-8444-444444444444' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(window.location.search).toBe(`?runs=${A},${C},dddddddd-4444-4444-8444-444444444444&baseline=${A}`);
  });

  it('reads the two-run page\'s ?a=&b= address as runs=a,b with a the baseline', async () => {
    const calls = mockApi(routes());
    at(`/compare?a=${B}&b=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    await screen.findByRole('alert');
    expect(calls.map((c) => c.url)).toContain(`/api/runs/compare?runs=${B},${A}&baseline=${B}`);
    expect((screen.getByLabelText('Run bbbbbbbb is the baseline') as HTMLInputElement).checked).toBe(true);
  });

  it('asks for two runs, and shows why runs cannot be compared', async () => {
    mockApi(routes({
      [`GET /api/runs/compare?runs=${A},${B}&baseline=${A}`]: () => [404, { detail: `a final report of run ${B} (runs still in progress …)` }],
    }));
    at(`/compare?runs=${A}`);
    const { unmount } = render(<RouterProvider><ComparePage /></RouterProvider>);
    expect(screen.getByText('Choose at least two runs')).toBeTruthy();
    unmount();
    at(`/compare?runs=${A},${B}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The runs could not be compared');
    expect(alert.textContent).toContain(`a final report of run ${B}`);
  });
});

describe('Compare runs: the tolerance', () => {
  const base = `/api/runs/compare?runs=${A},${B},${C}&baseline=${A}`;
  const judged = (relative: number, absoluteMillis: number, failRatioPoints: number): Comparison =>
    ({ ...comparison, tolerance: { relative, absoluteMillis, failRatioPoints } });
  const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
  const comparesAsked = (calls: { url: string }[]) => calls.filter((c) => c.url.startsWith('/api/runs/compare')).map((c) => c.url);

  it('starts from the address, or from the defaults', async () => {
    mockApi(routes({ [`GET ${base}&relative=0.25&absoluteMillis=3&failRatioPoints=0.02`]: () => [200, judged(0.25, 3, 0.02)] }));
    at(`/compare?runs=${A},${B},${C}&baseline=${A}&relative=0.25&absoluteMillis=3&failRatioPoints=0.02`);
    const { unmount } = render(<RouterProvider><ComparePage /></RouterProvider>);
    expect(field('Relative change (%)').value).toBe('25');
    expect(field('Noise floor for times (ms)').value).toBe('3');
    expect(field('Failure ratio (points)').value).toBe('2');
    await screen.findByRole('table');
    expect(screen.getByText(/against the baseline, run/).textContent)
      .toContain('a change of 25 % (times and rates, and at least 3 ms for times) or of 2 points (failure ratio)');
    unmount();

    at(`/compare?runs=${A},${B},${C}&baseline=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    expect(field('Relative change (%)').value).toBe('10');
    expect(field('Noise floor for times (ms)').value).toBe('1');
    expect(field('Failure ratio (points)').value).toBe('0.5');
  });

  it('applies one, which asks the API again, and says the tolerance the server judged with', async () => {
    const calls = mockApi(routes({ [`GET ${base}&relative=0.2&absoluteMillis=5&failRatioPoints=0.01`]: () => [200, judged(0.2, 5, 0.01)] }));
    at(`/compare?runs=${A},${B},${C}&baseline=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    await screen.findByRole('table');
    fireEvent.change(field('Relative change (%)'), { target: { value: '20' } });
    fireEvent.change(field('Noise floor for times (ms)'), { target: { value: '5' } });
    fireEvent.change(field('Failure ratio (points)'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply tolerance' }));

    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${A}&relative=0.2&absoluteMillis=5&failRatioPoints=0.01`);
    await waitFor(() => expect(screen.getByText(/against the baseline, run/).textContent)
      .toContain('a change of 20 % (times and rates, and at least 5 ms for times) or of 1 point (failure ratio)'));
    expect(comparesAsked(calls)).toEqual([base, `${base}&relative=0.2&absoluteMillis=5&failRatioPoints=0.01`]);
    expect(field('Relative change (%)').value).toBe('20');
  });

  it('leaves the parts at their default out of the address', async () => {
    const calls = mockApi(routes({ [`GET ${base}&absoluteMillis=2`]: () => [200, judged(0.1, 2, 0.005)] }));
    at(`/compare?runs=${A},${B},${C}&baseline=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    await screen.findByRole('table');
    fireEvent.change(field('Noise floor for times (ms)'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply tolerance' }));
    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${A}&absoluteMillis=2`);
    await waitFor(() => expect(comparesAsked(calls)).toContain(`${base}&absoluteMillis=2`));
  });

  it('shows what is wrong with a value on its field and applies nothing', async () => {
    const calls = mockApi(routes());
    at(`/compare?runs=${A},${B},${C}&baseline=${A}`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    await screen.findByRole('table');
    const relative = field('Relative change (%)');
    fireEvent.change(relative, { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply tolerance' }));

    expect(relative.getAttribute('aria-invalid')).toBe('true');
    const error = () => document.getElementById(relative.getAttribute('aria-describedby')!)?.textContent;
    expect(error()).toBe('Must be 0 or more');
    expect(document.activeElement).toBe(relative);
    expect(field('Noise floor for times (ms)').getAttribute('aria-invalid')).toBeNull();
    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${A}`);

    fireEvent.change(relative, { target: { value: '1001' } });
    // once applying failed, the errors follow the values
    expect(error()).toBe('At most 1000 %');
    fireEvent.change(relative, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply tolerance' }));
    expect(error()).toBe('Enter a number');
    fireEvent.change(relative, { target: { value: '15' } });
    expect(relative.getAttribute('aria-invalid')).toBeNull();
    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${A}`);
    expect(comparesAsked(calls)).toEqual([base]);
  });

  it('resets to the defaults', async () => {
    const calls = mockApi(routes({ [`GET ${base}&relative=0.2&failRatioPoints=0.01`]: () => [200, judged(0.2, 1, 0.01)] }));
    at(`/compare?runs=${A},${B},${C}&baseline=${A}&relative=0.2&failRatioPoints=0.01`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    await screen.findByRole('table');
    fireEvent.change(field('Noise floor for times (ms)'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${A}`);
    expect(field('Relative change (%)').value).toBe('10');
    expect(field('Noise floor for times (ms)').value).toBe('1');
    expect(field('Failure ratio (points)').value).toBe('0.5');
    await waitFor(() => expect(comparesAsked(calls)).toEqual([`${base}&relative=0.2&failRatioPoints=0.01`, base]));
    await waitFor(() => expect(screen.getByText(/against the baseline, run/).textContent).toContain('a change of 10 %'));
  });

  it('keeps the tolerance when the runs change', async () => {
    mockApi(routes());
    at(`/compare?runs=${A},${B},${C}&baseline=${A}&relative=0.2`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    fireEvent.click(screen.getByLabelText('Run cccccccc is the baseline'));
    expect(window.location.search).toBe(`?runs=${A},${B},${C}&baseline=${C}&relative=0.2`);
    expect(field('Relative change (%)').value).toBe('20');
  });

  it('shows the server\'s problem with a tolerance, and marks its field', async () => {
    mockApi(routes({
      [`GET ${base}&relative=20`]: () => [400, { detail: 'relative must be a number from 0 to 10; it is 20.0', field: 'relative' }],
    }));
    at(`/compare?runs=${A},${B},${C}&baseline=${A}&relative=20`);
    render(<RouterProvider><ComparePage /></RouterProvider>);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The tolerance was not accepted');
    expect(alert.textContent).toContain('relative must be a number from 0 to 10');
    expect(screen.queryByRole('table')).toBeNull();
    expect(field('Relative change (%)').value).toBe('2000');
    expect(field('Relative change (%)').getAttribute('aria-invalid')).toBe('true');
    expect(field('Failure ratio (points)').getAttribute('aria-invalid')).toBeNull();
  });
});

describe('Run history: compare selected', () => {
  const run = (id: string): Partial<Run> => ({
    id, projectId: 'p-1', status: 'finished', users: 10, durationSeconds: 60, host: 'h', tags: [], git: null,
    createdAt: '2026-11-20T10:00:00Z', startedAt: '2026-11-20T10:00:00Z',
  });

  it('compares the ticked runs, the first ticked the baseline', async () => {
    mockApi({ 'GET /api/runs?limit=50': () => [200, [run(A), run(B), run(C)]], 'GET /api/projects': () => [200, []] });
    at('/runs');
    render(<RouterProvider><RunHistoryPage /></RouterProvider>);
    await screen.findByRole('table');
    const button = screen.getByRole('button', { name: 'Compare selected (0)' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Compare run cccccccc'));
    expect((screen.getByRole('button', { name: 'Compare selected (1)' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Compare run aaaaaaaa'));
    fireEvent.click(screen.getByLabelText('Compare run bbbbbbbb'));
    fireEvent.click(screen.getByRole('button', { name: 'Compare selected (3)' }));
    expect(window.location.pathname + window.location.search).toBe(`/compare?runs=${C},${A},${B}&baseline=${C}`);
  });
});
