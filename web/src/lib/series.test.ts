import { describe, expect, it } from 'vitest';
import { decimate, RUN_SERIES, TimeSeries, pushHistoryRow } from './series';

describe('TimeSeries', () => {
  it('keeps at most its capacity over a 2-hour run at one point per second', () => {
    const s = new TimeSeries(RUN_SERIES, 1800);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 7200; i++) {
      pushHistoryRow(s, {
        epochMillis: t0 + i * 1000, users: Math.min(500, i), currentRps: 100 + (i % 10),
        currentFailuresPerSecond: 1, intervalP50Millis: 10, intervalP95Millis: i === 3000 ? 999 : 20, intervalP99Millis: 30,
      });
      expect(s.length).toBeLessThanOrEqual(1800);
    }
    const times = s.times();
    // every stored point stands for 4 seconds (7200 / 1800): the first one sits at the centre of seconds 0..3
    expect(s.resolution).toBe(4);
    expect(times[0]).toBe(t0 + 1500);
    expect(times[times.length - 1]).toBe(t0 + 7197.5 * 1000);
    for (let i = 2; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(4000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
    // a spike survives merging in a "max" series; a mean series stays a mean
    expect(Math.max(...s.values('p95'))).toBe(999);
    const rps = s.values('rps');
    expect(Math.min(...rps)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...rps)).toBeLessThanOrEqual(109);
    expect(s.values('users')[s.length - 1]).toBe(500);
  });

  it('ignores a point that is not newer than the last one', () => {
    const s = new TimeSeries([{ key: 'v', merge: 'mean' }], 10);
    s.push(1000, { v: 1 });
    s.push(1000, { v: 2 });
    s.push(900, { v: 3 });
    expect(s.length).toBe(1);
    expect(s.values('v')[0]).toBe(1);
  });

  it('merges neighbours by weighted mean, then fills the newest point before adding another', () => {
    const s = new TimeSeries([{ key: 'v', merge: 'mean' }], 4);
    for (let i = 1; i <= 5; i++) s.push(i, { v: i });
    // 5 points > 4: (1,2) (3,4) merged, 5 waits for a partner
    expect(Array.from(s.times())).toEqual([1.5, 3.5, 5]);
    expect(Array.from(s.values('v'))).toEqual([1.5, 3.5, 5]);
    s.push(6, { v: 6 });
    expect(Array.from(s.times())).toEqual([1.5, 3.5, 5.5]);
    expect(Array.from(s.values('v'))).toEqual([1.5, 3.5, 5.5]);
    s.push(7, { v: 7 });
    expect(Array.from(s.values('v'))).toEqual([1.5, 3.5, 5.5, 7]);
  });
});

describe('decimate', () => {
  it('keeps everything when there are few points', () => {
    expect(decimate([1, 2, 3], [1, 2, 3], 100)).toEqual([0, 1, 2]);
  });
  it('keeps first, lowest, highest and last of each pixel column', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((i) => (i === 5_000 ? 1000 : i === 7_000 ? -1000 : Math.sin(i / 50)));
    const idx = decimate(xs, ys, 100);
    expect(idx.length).toBeLessThanOrEqual(400);
    expect(idx).toContain(5_000);
    expect(idx).toContain(7_000);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
  });
});
