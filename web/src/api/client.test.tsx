import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectAccount } from '../auth/auth';
import { ProblemAlert } from '../components/common';
import { api, ApiError, errorDetail, query, readProblem } from './client';

afterEach(cleanup);

describe('api', () => {
  beforeEach(() => sessionStorage.clear());

  it('sends the selected account and reads problem+json on failure', async () => {
    selectAccount('acc-2');
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({
      type: 'about:blank', title: 'Plan Limit', status: 409, detail: 'your plan allows at most 500 users per run', field: 'users',
    }), { status: 409, headers: { 'Content-Type': 'application/problem+json' } }));
    vi.stubGlobal('fetch', fetchMock);
    const err = (await api('/api/projects/p/runs', { body: { users: 1000 } }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.problem.field).toBe('users');
    expect(errorDetail(err)).toBe('your plan allows at most 500 users per run');
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const headers = init.headers as Record<string, string>;
    expect(headers['X-Barrage-Account']).toBe('acc-2');
    expect(headers['Content-Type']).toBe('application/json');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"users":1000}');
    vi.unstubAllGlobals();
  });

  it('without a selected account sends no account header', async () => {
    selectAccount(null);
    const fetchMock = vi.fn(async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await api('/api/projects')).toEqual([]);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['X-Barrage-Account']).toBeUndefined();
    vi.unstubAllGlobals();
  });

  it('turns a failure that is not JSON into a readable problem', async () => {
    const p = await readProblem(new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));
    expect(p.status).toBe(502);
    expect(p.detail).toBe('the request failed (HTTP 502 Bad Gateway)');
  });

  it('builds query strings from the values that are set', () => {
    expect(query({ projectId: 'p', status: '', tag: undefined, limit: 50 })).toBe('?projectId=p&limit=50');
    expect(query({})).toBe('');
  });
});

describe('ProblemAlert', () => {
  it('shows the problem detail and the status', () => {
    render(<ProblemAlert error={new ApiError(404, { title: 'Not Found', detail: 'run 42 does not exist, or is not yours' })} title="This run could not be loaded" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This run could not be loaded');
    expect(alert.textContent).toContain('(HTTP 404)');
    expect(alert.textContent).toContain('run 42 does not exist, or is not yours');
  });
});
