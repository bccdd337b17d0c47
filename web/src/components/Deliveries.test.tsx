import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery } from '../api/types';
import { DeliveriesTable } from './Deliveries';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function answer(status: number, body: unknown, type = 'application/json') {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })));
}

function delivery(over: Partial<Delivery>): Delivery {
  return {
    id: 'd', integration: 'slack', event: 'run.finished', action: 'message', status: 'delivered', attempts: 1,
    lastStatusCode: 200, detail: 'POST hooks.slack.com answered 200: ok', createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:01Z', nextAttemptAt: null, deliveredAt: '2026-11-20T10:00:01Z', ...over,
  };
}

describe('DeliveriesTable', () => {
  it('lists what each integration was sent, with the last error of those not delivered', async () => {
    answer(200, [
      delivery({ id: '1' }),
      delivery({ id: '2', integration: 'github', action: 'commit-status', status: 'failed', attempts: 6, lastStatusCode: 502, detail: 'POST api.github.com answered 502' }),
      delivery({ id: '3', integration: 'datadog', action: 'event', status: 'skipped', attempts: 0, lastStatusCode: null, detail: 'the integration was removed' }),
    ]);
    render(<DeliveriesTable runId="r-1" projectId="p-1" />);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Integration', 'Event', 'Status', 'Attempts', 'Last error']);
    const rows = within(table).getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Slack message', 'run.finished', 'delivered', '1', ''],
      ['GitHub commit-status', 'run.finished', 'failed', '6', 'POST api.github.com answered 502'],
      ['Datadog event', 'run.finished', 'skipped', '0', 'the integration was removed'],
    ]);
    const [url] = (fetch as unknown as { mock: { calls: [string][] } }).mock.calls[0];
    expect(url).toBe('/api/runs/r-1/deliveries');
  });

  it('says where to set integrations up when nothing was sent', async () => {
    answer(200, []);
    render(<DeliveriesTable runId="r-1" projectId="p-1" />);
    await screen.findByText('No notifications about this run');
    expect(screen.getByRole('link', { name: 'Settings → Integrations' }).getAttribute('href')).toBe('/settings/integrations?projectId=p-1');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the problem detail when the list cannot be read', async () => {
    answer(404, { title: 'Not Found', status: 404, detail: 'run r-1 does not exist, or is not yours' }, 'application/problem+json');
    render(<DeliveriesTable runId="r-1" projectId="p-1" />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The notifications could not be loaded');
    expect(alert.textContent).toContain('run r-1 does not exist, or is not yours');
  });
});
