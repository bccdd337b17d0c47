import { describe, expect, it } from 'vitest';
import {
  askedTolerance, compareHref, DEFAULT_TOLERANCE, formatChange, formatMetric, parseToleranceDraft, readCompareQuery,
  readToleranceDraft, sameTolerance, toleranceDraft, toleranceQuery, toleranceText,
} from './compare';

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
    expect(toleranceText({ relative: 0.2, absoluteMillis: 5, failRatioPoints: 0.01 }))
      .toBe('a change of 20 % (times and rates, and at least 5 ms for times) or of 1 point (failure ratio)');
  });
});

describe('the tolerance in a form and in the address', () => {
  it('shows it in percent, milliseconds and points', () => {
    expect(toleranceDraft(DEFAULT_TOLERANCE)).toEqual({ relative: '10', absoluteMillis: '1', failRatioPoints: '0.5' });
    expect(toleranceDraft({ relative: 0.07, absoluteMillis: 2.5, failRatioPoints: 0.013 }))
      .toEqual({ relative: '7', absoluteMillis: '2.5', failRatioPoints: '1.3' });
  });
  it('reads the address: the parts it sets, the defaults for the others', () => {
    expect(readToleranceDraft(q('runs=a,b&relative=0.25&failRatioPoints=0.02')))
      .toEqual({ relative: '25', absoluteMillis: '1', failRatioPoints: '2' });
    expect(readToleranceDraft(q('absoluteMillis=abc'))).toEqual({ relative: '10', absoluteMillis: 'abc', failRatioPoints: '0.5' });
    expect(askedTolerance(q('relative=0.2&absoluteMillis='))).toEqual({ relative: 0.2 });
    expect(askedTolerance(q('failRatioPoints=x')).failRatioPoints).toBeNaN();
  });
  it('reads the form back, or says what is wrong with each part', () => {
    expect(parseToleranceDraft({ relative: '20', absoluteMillis: '5', failRatioPoints: '1' }))
      .toEqual({ tolerance: { relative: 0.2, absoluteMillis: 5, failRatioPoints: 0.01 }, errors: {} });
    expect(parseToleranceDraft({ relative: '1.1', absoluteMillis: '0', failRatioPoints: '0' }).tolerance)
      .toEqual({ relative: 0.011, absoluteMillis: 0, failRatioPoints: 0 });
    expect(parseToleranceDraft({ relative: '-1', absoluteMillis: ' ', failRatioPoints: 'x' }))
      .toEqual({ tolerance: null, errors: { relative: 'Must be 0 or more', absoluteMillis: 'Enter a number', failRatioPoints: 'Not a number' } });
    expect(parseToleranceDraft({ relative: '1000.5', absoluteMillis: '3600001', failRatioPoints: '101' }).errors).toEqual({
      relative: 'At most 1000 %', absoluteMillis: 'At most 3,600,000 ms (an hour)', failRatioPoints: 'At most 100 points',
    });
    expect(parseToleranceDraft({ relative: '1000', absoluteMillis: '3600000', failRatioPoints: '100' }).tolerance)
      .toEqual({ relative: 10, absoluteMillis: 3_600_000, failRatioPoints: 1 });
  });
  it('writes only the parts that differ from the default', () => {
    expect(toleranceQuery({ relative: 0.2, absoluteMillis: 5, failRatioPoints: 0.01 })).toBe('&relative=0.2&absoluteMillis=5&failRatioPoints=0.01');
    expect(toleranceQuery({ relative: 0.1, absoluteMillis: 2, failRatioPoints: 0.005 })).toBe('&absoluteMillis=2');
    expect(toleranceQuery(DEFAULT_TOLERANCE)).toBe('');
  });
  it('tells whether the server judged with the tolerance asked', () => {
    const answered = { relative: 0.2, absoluteMillis: 1, failRatioPoints: 0.005 };
    expect(sameTolerance(answered, {})).toBe(true);
    expect(sameTolerance(answered, { relative: 0.2 })).toBe(true);
    expect(sameTolerance(answered, { relative: 0.1 })).toBe(false);
    expect(sameTolerance(answered, { absoluteMillis: NaN })).toBe(false);
  });
});
