import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { pushHistoryRow, RUN_SERIES, TimeSeries } from '../lib/series';
import { RunCharts } from './RunCharts';
import { LineChart, niceTicks, thinTicks } from './LineChart';

afterEach(cleanup);

function points(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

describe('niceTicks', () => {
  it('covers the maximum with round steps', () => {
    expect(niceTicks(80)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(93)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0.9)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('LineChart', () => {
  it('draws a line per series, breaking it where values are missing', () => {
    const { container } = render(
      <LineChart title="t" format={String} lines={[
        { label: 'a', xs: [0, 1, 2, 3, 4], ys: [1, 2, NaN, 4, 5], color: 0 },
        { label: 'b', xs: [0, 1, 2, 3, 4], ys: [5, 4, 3, 2, 1], color: 1, dashed: true },
      ]} />,
    );
    const paths = container.querySelectorAll('path.line');
    expect(paths).toHaveLength(2);
    expect((paths[0].getAttribute('d')!.match(/M/g) ?? []).length).toBe(2);
    expect(paths[1].classList.contains('dashed')).toBe(true);
    expect(container.querySelector('svg')!.getAttribute('aria-label')).toContain('Latest: a 5, b 1');
  });

  it('stays small for a 2-hour run at one point per second', () => {
    const series = new TimeSeries(RUN_SERIES);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 7200; i++) {
      pushHistoryRow(series, {
        epochMillis: t0 + i * 1000, users: 100, currentRps: 500 + 100 * Math.sin(i / 30), currentFailuresPerSecond: i % 97,
        intervalP50Millis: 10, intervalP95Millis: 20 + (i % 13), intervalP99Millis: 40 + (i % 29), intervalRequests: 500,
      });
    }
    expect(series.length).toBeLessThanOrEqual(1800);
    const started = performance.now();
    const { container } = render(<RunCharts series={series} startMillis={t0} version={series.version} />);
    const elapsed = performance.now() - started;
    const paths = [...container.querySelectorAll('path.line')];
    expect(paths).toHaveLength(6);
    // at most ~4 points per pixel column of the (default 640 px) chart, whatever the run's length
    for (const p of paths) expect(points(p.getAttribute('d')!)).toBeLessThanOrEqual(4 * 640);
    expect(elapsed).toBeLessThan(1500);
  });

  it('takes x ticks from the places given, as many as fit, labelled by formatX, with dots where asked', () => {
    const days = ['Mon', 'Tue', 'Wed'];
    const { container } = render(
      <LineChart title="t" format={String} xRange={[-0.5, 2.5]} xTicks={[0, 1, 2]} formatX={(x) => days[x]} lines={[
        { label: 'p95', xs: [0, 1, 2], ys: [10, NaN, 12], color: 0, markers: true },
      ]} />,
    );
    expect(Array.from(container.querySelectorAll('text.axis')).map((t) => t.textContent)).toEqual(days);
    // a dot for each point, none for the gap
    expect(container.querySelectorAll('circle.marker')).toHaveLength(2);
    // half a slot either side: the first point is not on the plot's edge
    expect(Number(container.querySelector('circle.marker')!.getAttribute('cx'))).toBeGreaterThan(58 + 10);
    expect(thinTicks([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 3, 6, 9]);
    expect(thinTicks([0, 1], 7)).toEqual([0, 1]);
  });
});
