import { useMemo } from 'react';
import { formatCount, formatMsUnit, formatRps } from '../lib/format';
import type { TimeSeries } from '../lib/series';
import { LineChart, type ChartLine } from './LineChart';

/** Seconds since `startMillis` for each point of the series. */
export function elapsedSeconds(series: TimeSeries, startMillis: number): number[] {
  return series.times().map((t) => (t - startMillis) / 1000);
}

/** Locust's three charts: total requests per second (and failures/s), response times, users. */
export function RunCharts({ series, startMillis, version }: { series: TimeSeries; startMillis: number; version: number }) {
  const { rps, times, users } = useMemo(() => {
    const xs = elapsedSeconds(series, startMillis);
    const line = (label: string, key: string, color: number): ChartLine => ({ label, xs, ys: [...series.values(key)], color });
    return {
      rps: [line('RPS', 'rps', 0), line('Failures/s', 'fps', 1)],
      times: [line('p50', 'p50', 2), line('p95', 'p95', 3), line('p99', 'p99', 1)],
      users: [line('Users', 'users', 4)],
    };
    // version changes whenever the series does: the series object itself is mutated in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, startMillis, version]);
  return (
    <div className="charts">
      <LineChart title="Total requests per second" lines={rps} format={formatRps} />
      <LineChart title="Response times (ms), per interval" lines={times} format={formatMsUnit} />
      <LineChart title="Number of users" lines={users} format={formatCount} />
    </div>
  );
}
