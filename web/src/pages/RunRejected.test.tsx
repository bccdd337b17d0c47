import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../api/types';
import { resetCapabilities } from '../lib/capabilities';
import { asRole, mockApi, type Route } from '../testing/mockApi';
import { RunPage } from './Run';

const P = 'p-1';
const R = 'rrrrrrrr-1111-4111-8111-111111111111';

const run = (over: Partial<Run> = {}): Run => ({
  id: R, projectId: P, scenarioVersionId: 'v-1', status: 'finished', statusReason: null, host: 'http://127.0.0.1:8099', users: 2,
  spawnRate: 10, durationSeconds: 8, stopTimeoutSeconds: 0, runners: 1, tags: [], git: null, createdBy: 'sub-1',
  createdAt: '2026-11-20T10:00:00Z', startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T10:00:09Z', runnerStates: [],
  thresholds: [], thresholdResults: null, thresholdsPassed: null, baseline: null, ...over,
});

function routes(r: Run): Record<string, Route> {
  return {
    [`GET /api/runs/${R}`]: () => [200, r],
    [`GET /api/runs/${R}/report`]: () => [404, { detail: 'no report' }],
    [`GET /api/projects/${P}`]: () => [200, { id: P, name: 'shop', createdAt: '2026-11-01T00:00:00Z' }],
    [`GET /api/projects/${P}/baseline`]: () => [200, { projectId: P, runId: null, run: null, tolerance: null }],
  };
}

beforeEach(resetCapabilities);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Run page: rejected records', () => {
  it('says how many records claiming to be the run were rejected', async () => {
    mockApi(routes(run({ rejectedRecords: 4 })));
    render(asRole('member', <RunPage runId={R} />));
    const notice = await screen.findByTestId('rejected-records');
    expect(notice.textContent).toMatch(/^4 records claiming to be this run’s\s+were rejected and not counted/);
  });

  it('says nothing when there were none', async () => {
    mockApi(routes(run({ rejectedRecords: 0 })));
    render(asRole('member', <RunPage runId={R} />));
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByTestId('rejected-records')).toBeNull();
  });
});
