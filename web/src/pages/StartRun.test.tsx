import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../testing/mockApi';
import { parseParameters, StartRunPage } from './StartRun';

const P = 'p-1';

const estimate = (over: object = {}) => ({
  requestedVuHours: 0.006, requestedVuMillis: 20500, basis: 'stages',
  description: "Steps's 2 stages integrated over 8 s (20.5 user-seconds, at most 4 users)", peakUsers: 4, chargedSeconds: 8,
  month: '2026-11-01', allowanceVuHours: 200, usedVuHours: 12.5, reservedVuHours: 0.5, remainingVuHours: 187,
  remainingAfterVuHours: 186.994, wouldStart: true, refusals: [], ...over,
});

const routes = (answer: (body: unknown) => [number, unknown]) => ({
  [`GET /api/projects/${P}`]: (): [number, unknown] => [200, { id: P, name: 'shop' }],
  [`GET /api/projects/${P}/scenarios`]: (): [number, unknown] => [200, [{ id: 's-1', name: 'Shaped', latestVersion: 1 }]],
  [`GET /api/projects/${P}/scenarios/s-1/versions`]: (): [number, unknown] =>
    [200, [{ id: 'v-1', scenarioId: 's-1', name: 'Shaped', version: 1, fileName: 'Shaped.java' }]],
  [`POST /api/projects/${P}/runs/estimate`]: answer,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Start a run: the estimate', () => {
  it('shows the control plane\'s figure for the form as it is, and the balance it gives', async () => {
    const calls = mockApi(routes(() => [200, estimate()]));
    render(<StartRunPage projectId={P} />);
    await screen.findByRole('heading', { name: 'Start a run' });
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'http://127.0.0.1:8099' } });
    const box = screen.getByTestId('estimate');
    await within(box).findByText('<0.01 VU-h');
    expect(box.textContent).toContain("Steps's 2 stages integrated over 8 s");
    expect(within(box).getByTestId('balance').textContent).toBe('187.00 VU-h');
    const asked = calls.filter((c) => c.url === `/api/projects/${P}/runs/estimate`);
    expect(asked.at(-1)?.body).toMatchObject({ scenarioVersionId: 'v-1', host: 'http://127.0.0.1:8099', users: 10, duration: '1m' });
    expect(calls.some((c) => c.method === 'POST' && c.url === `/api/projects/${P}/runs`)).toBe(false);
  });

  it('says why the run would be refused', async () => {
    mockApi(routes(() => [200, estimate({
      requestedVuHours: 1000, remainingVuHours: 187, remainingAfterVuHours: -813, wouldStart: false,
      refusals: [{ status: 409, title: 'Plan Limit', field: 'users', requested: 600, limit: 500,
        detail: 'the Free plan allows 500 users per run; this run asks for 600' }],
    })]));
    render(<StartRunPage projectId={P} />);
    await screen.findByRole('heading', { name: 'Start a run' });
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'http://127.0.0.1:8099' } });
    await screen.findByText('This run will be refused: the Free plan allows 500 users per run; this run asks for 600.');
    await waitFor(() => expect(screen.getByTestId('estimate').textContent).toContain('less than this run needs'));
  });
});

describe('Start a run: parameters', () => {
  const started = { id: 'r-1', status: 'starting' };

  it('sends each KEY=VALUE line as a parameter of the run, and names the project\'s secrets without values', async () => {
    const calls = mockApi({
      ...routes(() => [200, estimate()]),
      [`GET /api/projects/${P}/secrets`]: () => [200, [{ name: 'API_KEY', updatedBy: 'admin', updatedAt: '2026-11-01T10:00:00Z' }]],
      [`POST /api/projects/${P}/runs`]: () => [201, started],
    });
    render(<StartRunPage projectId={P} />);
    await screen.findByRole('heading', { name: 'Start a run' });
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'http://127.0.0.1:8099' } });
    const field = screen.getByLabelText('Parameters');
    fireEvent.change(field, { target: { value: 'TENANT=acme\n\nQUERY=a=b&c=d \nEMPTY=' } });
    await screen.findByText(/API_KEY/);
    // the estimate is asked for the same body, parameters included
    await waitFor(() => expect(calls.filter((c) => c.url === `/api/projects/${P}/runs/estimate`).at(-1)?.body)
      .toMatchObject({ parameters: { TENANT: 'acme' } }));

    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url === `/api/projects/${P}/runs`)).toBe(true));
    const body = calls.find((c) => c.method === 'POST' && c.url === `/api/projects/${P}/runs`)?.body as Record<string, unknown>;
    // everything after the first "=" is the value, as typed
    expect(body.parameters).toEqual({ TENANT: 'acme', QUERY: 'a=b&c=d ', EMPTY: '' });
  });

  it('refuses a line that is not KEY=VALUE, with its line, and starts nothing', async () => {
    const calls = mockApi({ ...routes(() => [200, estimate()]), [`POST /api/projects/${P}/runs`]: () => [201, started] });
    render(<StartRunPage projectId={P} />);
    await screen.findByRole('heading', { name: 'Start a run' });
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'http://127.0.0.1:8099' } });
    fireEvent.change(screen.getByLabelText('Parameters'), { target: { value: 'TENANT=acme\n2FAST=yes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));

    await screen.findByText("line 2: '2FAST' is not a parameter name: letters, digits and _, not starting with a digit");
    expect(screen.getByLabelText('Parameters').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST' && c.url === `/api/projects/${P}/runs`)).toBe(false);
  });

  it('shows the control plane\'s refusal of a parameter at the field', async () => {
    mockApi({
      ...routes(() => [200, estimate()]),
      [`POST /api/projects/${P}/runs`]: () => [400, { field: 'parameters',
        detail: 'parameter API_KEY is a secret of this project: the scenario gets its value already; a run cannot replace it' }],
    });
    render(<StartRunPage projectId={P} />);
    await screen.findByRole('heading', { name: 'Start a run' });
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'http://127.0.0.1:8099' } });
    fireEvent.change(screen.getByLabelText('Parameters'), { target: { value: 'API_KEY=guess' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));

    const message = await screen.findAllByText(/parameter API_KEY is a secret of this project/);
    expect(message.some((m) => m.classList.contains('field-error'))).toBe(true);
  });

  it('parses lines as barrage run -e does', () => {
    expect(parseParameters('')).toEqual({ parameters: {} });
    expect(parseParameters('A=1\r\nB = 2')).toEqual({ parameters: { A: '1', B: ' 2' } });
    expect(parseParameters('A=1\nA=2')).toEqual({ error: 'line 2: A is given twice' });
    expect(parseParameters('justtext')).toEqual({ error: 'line 1: write KEY=VALUE, e.g. TENANT=acme' });
  });
});
