import { describe, expect, it } from 'vitest';
import { compareHref, formatChange, formatMetric, readCompareQuery, toleranceText } from './compare';

const q = (s: string) => new URLSearchParams(s);

describe('the compare page address', () => {
  it('reads runs and the baseline', () => {
    expect(readCompareQuery(q('runs=a,b,c&baseline=b'))).toEqual({ runs: ['a', 'b', 'c'], baseline: 'b' });
    expect(readCompareQuery(q('runs=a,b,a,,c'))).toEqual({ runs: ['a', 'b', 'c'], baseline: 'a' });
    // a baseline that is not among the runs: the first is
    expect(readCompareQuery(q('runs=a,b&baseline=z'))).toEqual({ runs: ['a', 'b'], baseline: 'a' });
    expect(readCompareQuery(q(''))).toEqual({ runs: [], baseline: null });
  });
  it('keeps at most ten runs', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `r${i}`);
    expect(readCompareQuery(q(`runs=${ids.join(',')}`)).runs).toEqual(ids.slice(0, 10));
  });
  it('reads the two-run page\'s a= and b= as runs with a the baseline', () => {
    expect(readCompareQuery(q('a=X&b=Y'))).toEqual({ runs: ['X', 'Y'], baseline: 'X' });
    expect(readCompareQuery(q('a=X'))).toEqual({ runs: ['X'], baseline: 'X' });
  });
  it('writes runs and the baseline', () => {
    expect(compareHref(['a', 'b', 'c'], 'b')).toBe('/compare?runs=a,b,c&baseline=b');
    expect(compareHref(['a', 'b'])).toBe('/compare?runs=a,b&baseline=a');
    expect(compareHref([])).toBe('/compare?runs=');
  });
});

describe('numbers and changes', () => {
  it('formats each metric in its unit', () => {
    expect(formatMetric('p95Millis', 123.4)).toBe('123');
    expect(formatMetric('rps', 12.34)).toBe('12.3');
    expect(formatMetric('failRatio', 0.0123)).toBe('1.23%');
    expect(formatMetric('requests', 1234)).toBe('1,234');
  });
  it('reads changes as relative, and the failure ratio\'s in points', () => {
    expect(formatChange({ metric: 'p95Millis', baseline: 40, value: 50, change: 0.25 })).toBe('+25.0%');
    expect(formatChange({ metric: 'failRatio', baseline: 0.01, value: 0.03, change: 0.02 })).toBe('+2.00 pts');
    expect(formatChange({ metric: 'rps', baseline: 0, value: 5, change: null })).toBe('from 0');
  });
  it('says the tolerance in words', () => {
    expect(toleranceText({ relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 }))
      .toBe('a change of 10 % (times and rates, and at least 1 ms for times) or of 0.5 points (failure ratio)');
  });
});
