import { describe, expect, it } from 'vitest';
import {
  formatBytes, formatCount, formatDelta, formatDuration, formatElapsed, formatMs, formatMsUnit, formatPercent, formatRps,
  formatDay, formatRpsUnit, formatShortDateTime, formatTimeOfDay, formatVuHours, parseTimeSpan, vuHours,
} from './format';

describe('milliseconds', () => {
  it('keeps more digits for small times, fewer for large', () => {
    expect(formatMs(0)).toBe('0.00');
    expect(formatMs(0.123)).toBe('0.12');
    expect(formatMs(3.456)).toBe('3.46');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(99.95)).toBe('100.0');
    expect(formatMs(123.4)).toBe('123');
    expect(formatMs(12345.6)).toBe('12,346');
  });
  it('shows a dash for missing numbers', () => {
    expect(formatMs(NaN)).toBe('—');
    expect(formatMs(undefined)).toBe('—');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(Infinity)).toBe('—');
  });
  it('switches to seconds with a unit from 1000 ms on', () => {
    expect(formatMsUnit(12.3)).toBe('12.3 ms');
    expect(formatMsUnit(999)).toBe('999 ms');
    expect(formatMsUnit(1234)).toBe('1.23 s');
    expect(formatMsUnit(45_600)).toBe('45.6 s');
    expect(formatMsUnit(NaN)).toBe('—');
  });
});

describe('requests per second', () => {
  it('has one decimal and thousands separators', () => {
    expect(formatRps(0)).toBe('0.0');
    expect(formatRps(12.345)).toBe('12.3');
    expect(formatRps(1234.56)).toBe('1,234.6');
    expect(formatRpsUnit(5)).toBe('5.0 req/s');
    expect(formatRps(undefined)).toBe('—');
  });
});

describe('percent', () => {
  it('formats a ratio between 0 and 1', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.25)).toBe('25.0%');
    expect(formatPercent(0.0123)).toBe('1.23%');
    expect(formatPercent(0.00001)).toBe('<0.01%');
    expect(formatPercent(NaN)).toBe('—');
  });
  it('formats signed changes', () => {
    expect(formatDelta(0.1234)).toBe('+12.3%');
    expect(formatDelta(-0.05)).toBe('−5.0%');
    expect(formatDelta(0)).toBe('±0%');
    expect(formatDelta(2.5)).toBe('+250%');
    expect(formatDelta(NaN)).toBe('—');
  });
});

describe('counts, sizes and durations', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12.6)).toBe('13');
    expect(formatBytes(2048.4)).toBe('2,048');
  });
  it('reads durations as people do', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(125)).toBe('2m 05s');
    expect(formatDuration(3723)).toBe('1h 02m 03s');
    expect(formatElapsed(65)).toBe('1:05');
    expect(formatElapsed(3725)).toBe('1:02:05');
  });
  it('shortens timestamps for chart axes', () => {
    expect(formatShortDateTime(new Date(2026, 10, 20, 9, 5).getTime())).toBe('Nov 20, 09:05');
    expect(formatShortDateTime(null)).toBe('—');
    expect(formatShortDateTime('not a date')).toBe('—');
    expect(formatDay(new Date(2026, 10, 20, 9, 5).getTime())).toBe('Nov 20');
    expect(formatTimeOfDay(new Date(2026, 10, 20, 9, 5).getTime())).toBe('09:05');
  });
  it('parses time spans like the control plane', () => {
    expect(parseTimeSpan('30s')).toBe(30);
    expect(parseTimeSpan('5m')).toBe(300);
    expect(parseTimeSpan('1h30m')).toBe(5400);
    expect(parseTimeSpan(' 90 ')).toBe(90);
    expect(parseTimeSpan('1H')).toBe(3600);
    expect(parseTimeSpan('')).toBeNull();
    expect(parseTimeSpan('5 minutes')).toBeNull();
    expect(parseTimeSpan('m5')).toBeNull();
  });
  it('computes VU-hours as users × duration / 3600', () => {
    expect(vuHours(100, 1800)).toBe(50);
    expect(vuHours(10, 60)).toBeCloseTo(0.1667, 4);
    expect(vuHours(0, 60)).toBe(0);
    expect(formatVuHours(vuHours(10, 60))).toBe('0.17 VU-h');
    expect(formatVuHours(0.001)).toBe('<0.01 VU-h');
    expect(formatVuHours(1234.5)).toBe('1,234.50 VU-h');
  });
});
