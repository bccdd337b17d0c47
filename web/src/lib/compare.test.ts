import { describe, expect, it } from 'vitest';
import type { EndpointRow } from '../api/types';
import { compareEndpoints, judge, METRICS } from './compare';

function row(name: string, over: Partial<EndpointRow> = {}): EndpointRow {
  return {
    type: 'GET', name, requests: 1000, failures: 0, failRatio: 0, avgMillis: 20, minMillis: 1, maxMillis: 100,
    medianMillis: 18, percentilesMillis: { '95%': 40, '99%': 80 }, avgContentSize: 10, rps: 50, failuresPerSecond: 0,
    currentRps: 50, currentFailuresPerSecond: 0, ...over,
  };
}

const spec = (id: string) => METRICS.find((m) => m.id === id)!;

describe('judge', () => {
  it('calls slower times a regression beyond the tolerance', () => {
    expect(judge(spec('p95'), 40, 50).verdict).toBe('regression');
    expect(judge(spec('p95'), 40, 43).verdict).toBe('same');
    expect(judge(spec('p95'), 40, 30).verdict).toBe('improvement');
    // 0.2 ms to 0.5 ms is +150 % but below a millisecond: noise
    expect(judge(spec('median'), 0.2, 0.5).verdict).toBe('same');
  });
  it('calls lower throughput a regression', () => {
    expect(judge(spec('rps'), 50, 40).verdict).toBe('regression');
    expect(judge(spec('rps'), 50, 60).verdict).toBe('improvement');
  });
  it('judges failures by percentage points', () => {
    const d = judge(spec('failRatio'), 0.01, 0.03);
    expect(d.verdict).toBe('regression');
    expect(d.delta).toBeCloseTo(0.02);
    expect(judge(spec('failRatio'), 0.01, 0.012).verdict).toBe('same');
  });
  it('never judges the request count', () => {
    expect(judge(spec('requests'), 1000, 10).verdict).toBe('same');
  });
});

describe('compareEndpoints', () => {
  it('pairs endpoints by type and name, adds the aggregated row, counts regressions', () => {
    const a = [row('/items'), row('/cart')];
    const b = [row('/items', { percentilesMillis: { '95%': 80, '99%': 160 }, avgMillis: 21 }), row('/new')];
    const rows = compareEndpoints(a, b, row('Aggregated', { type: '' }), row('Aggregated', { type: '', rps: 30 }));
    expect(rows.map((r) => r.name)).toEqual(['/items', '/cart', '/new', 'Aggregated']);
    expect(rows[0].regressions).toBe(2); // p95 and p99
    expect(rows[1].b).toBeUndefined();
    expect(rows[1].metrics.every((m) => m.verdict === 'n/a')).toBe(true);
    expect(rows[2].a).toBeUndefined();
    expect(rows[3].key).toBe('aggregated');
    expect(rows[3].metrics.find((m) => m.spec.id === 'rps')!.verdict).toBe('regression');
  });
});
