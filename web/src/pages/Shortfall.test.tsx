import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyReport } from '../testing/reports';
import { Shortfall } from './Shortfall';

const base = emptyReport({ scenario: 'Open.java', host: 'http://127.0.0.1:8099', targetUsers: 0, spawnRate: 0, startEpochMillis: 0, endEpochMillis: 4000, users: 0 });

afterEach(cleanup);

describe('Shortfall panel', () => {
  it('says an open-model run could not keep up, with target and achieved rates, drops and when', () => {
    render(<Shortfall report={{ ...base, iterations: { started: 40, dropped: 40, due: 80, targetRate: 19.51, achievedRate: 9.76,
      shortfall: true, droppedFromSecond: 0, droppedUntilSecond: 4 } }} />);
    const panel = screen.getByRole('region', { name: 'Could not keep up with the arrival rate' });
    expect(panel.textContent).toContain('Target 19.51 iterations/s, achieved 9.76/s (50.0 %): 40 dropped of 80 from 0s to 4s into the run');
  });

  it('shows nothing when nothing was dropped or in the closed model', () => {
    const { container } = render(<Shortfall report={{ ...base, iterations: { started: 80, dropped: 0 } }} />);
    expect(container.textContent).toBe('');
    render(<Shortfall report={base} />);
    expect(screen.queryByTestId('shortfall')).toBeNull();
  });
});
