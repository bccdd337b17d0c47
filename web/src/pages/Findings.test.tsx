import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyReport } from '../testing/reports';
import { Findings } from './Run';

const base = emptyReport({ scenario: 'Saturate.java', host: 'http://127.0.0.1:8099', targetUsers: 16, spawnRate: 1, startEpochMillis: 0, endEpochMillis: 18000, users: 16 });

afterEach(cleanup);

describe('Findings panel', () => {
  it('lists each finding with its time, users, throughput and sentence', () => {
    render(
      <Findings
        report={{
          ...base,
          findings: [
            { kind: 'knee', atEpochMillis: 6000, atSecond: 6.0, endSecond: 16, users: 6, rps: 119.6, before: 6, after: 16, rate: 0,
              summary: 'Throughput stopped rising at 6 users (6.0 s): 119.6 req/s there, 120.1 req/s with 16 users by 16.0 s' },
            { kind: 'failureJump', atEpochMillis: 9000, atSecond: 9, endSecond: 18, users: 16, rps: 120, before: 0, after: 0.5, rate: 0,
              summary: 'Failures jumped at 9.0 s: 0.0 % of requests failed before, 50.0 % after (16 users, 120.0 req/s)' },
          ],
        }}
      />,
    );
    const panel = screen.getByRole('region', { name: 'Findings' });
    const items = within(panel).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toBe('Throughput knee at 6s (6 users, 119.6 req/s): Throughput stopped rising at 6 users (6.0 s): '
      + '119.6 req/s there, 120.1 req/s with 16 users by 16.0 s');
    expect(items[1].textContent).toContain('Failure-rate jump at 9s (16 users, 120.0 req/s)');
  });

  it('says so when nothing was found, and shows nothing for reports from before findings', () => {
    render(<Findings report={{ ...base, findings: [] }} />);
    expect(screen.getByRole('region', { name: 'Findings' }).textContent).toContain('No knee, failure jump or response-time trend');
    cleanup();
    const { container } = render(<Findings report={base} />);
    expect(container.innerHTML).toBe('');
  });
});
