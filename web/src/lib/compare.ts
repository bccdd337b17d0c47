// Runs compared by the control plane (GET /api/runs/compare, trends, a project's baseline): which numbers it judges,
// how they and their changes read, the tolerance in words, and the compare page's address. The verdicts themselves
// are the server's; nothing here judges.
import type { Change, MetricId, Numbers, Tolerance } from '../api/types';
import { formatCount, formatDelta, formatMs, formatMsUnit, formatPercent, formatRps } from './format';

export interface MetricSpec {
  id: MetricId;
  /** as a table's column header says it */
  label: string;
  /** in a sentence or a selector */
  name: string;
  kind: 'ms' | 'rps' | 'ratio' | 'count';
}

/** In the order the control plane judges them. */
export const METRICS: MetricSpec[] = [
  { id: 'requests', label: '# Requests', name: 'Requests', kind: 'count' },
  { id: 'rps', label: 'RPS', name: 'Requests per second', kind: 'rps' },
  { id: 'failRatio', label: 'Failures', name: 'Failure ratio', kind: 'ratio' },
  { id: 'medianMillis', label: 'Median (ms)', name: 'Median response time', kind: 'ms' },
  { id: 'p95Millis', label: '95%ile (ms)', name: '95th percentile response time', kind: 'ms' },
  { id: 'p99Millis', label: '99%ile (ms)', name: '99th percentile response time', kind: 'ms' },
  { id: 'avgMillis', label: 'Average (ms)', name: 'Average response time', kind: 'ms' },
];

export const DEFAULT_METRIC: MetricId = 'p95Millis';

export function metricSpec(id: MetricId | string): MetricSpec {
  return METRICS.find((m) => m.id === id) ?? { id: id as MetricId, label: id, name: id, kind: 'count' };
}

/** A metric's value for a table cell (the column or row says the unit of times). */
export function formatMetric(id: MetricId, v: number | null | undefined): string {
  switch (metricSpec(id).kind) {
    case 'ms':
      return formatMs(v);
    case 'rps':
      return formatRps(v);
    case 'ratio':
      return formatPercent(v);
    default:
      return formatCount(v);
  }
}

/** With its unit, for charts and sentences. */
export function formatMetricUnit(id: MetricId, v: number | null | undefined): string {
  return metricSpec(id).kind === 'ms' ? formatMsUnit(v) : formatMetric(id, v);
}

export function metricValue(numbers: Numbers | null | undefined, id: MetricId): number {
  const v = numbers?.[id];
  return typeof v === 'number' ? v : NaN;
}

/** A change as the server gave it: relative ("+12.3%"), in points for the failure ratio ("+1.50 pts"). */
export function formatChange(c: Pick<Change, 'metric' | 'baseline' | 'value' | 'change'>): string {
  if (c.change === null || c.change === undefined) return c.baseline === 0 && c.value !== 0 ? 'from 0' : '—';
  if (metricSpec(c.metric).kind === 'ratio') {
    const pts = c.change * 100;
    return `${pts > 0 ? '+' : pts < 0 ? '−' : '±'}${Math.abs(pts).toFixed(2)} pts`;
  }
  return formatDelta(c.change);
}

/** The control plane's default, for a project without a baseline yet. */
export const DEFAULT_TOLERANCE: Tolerance = { relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 };

function number(v: number, digits = 2): string {
  return String(Number(v.toFixed(digits)));
}

/** "a change of 10 % (times and rates, and at least 1 ms for times) or of 0.5 points (failure ratio)" */
export function toleranceText(t: Tolerance): string {
  return `a change of ${number(t.relative * 100)} % (times and rates, and at least ${number(t.absoluteMillis)} ms for times) `
    + `or of ${number(t.failRatioPoints * 100)} points (failure ratio)`;
}

export const MAX_COMPARED = 10;

export interface CompareSelection {
  /** at most MAX_COMPARED, without repeats */
  runs: string[];
  /** one of runs, or null when there is none */
  baseline: string | null;
}

/**
 * The runs a compare page address names: runs=a,b,c&baseline=a; the two-run page's a=X&b=Y reads as runs=X,Y with X
 * the baseline, as links to it exist.
 */
export function readCompareQuery(query: URLSearchParams): CompareSelection {
  const listed = query.getAll('runs').flatMap((v) => v.split(','));
  const old = listed.length === 0 ? [query.get('a') ?? '', query.get('b') ?? ''] : [];
  const runs: string[] = [];
  for (const id of [...listed, ...old].map((s) => s.trim())) {
    if (id && !runs.includes(id) && runs.length < MAX_COMPARED) runs.push(id);
  }
  const asked = query.get('baseline') ?? (listed.length === 0 ? query.get('a') : null);
  return { runs, baseline: asked && runs.includes(asked) ? asked : runs[0] ?? null };
}

/** The compare page for these runs; the baseline is the first unless named. */
export function compareHref(runs: string[], baseline?: string | null): string {
  const ids = runs.map(encodeURIComponent).join(',');
  const base = baseline && runs.includes(baseline) ? baseline : runs[0];
  return `/compare?runs=${ids}${base ? `&baseline=${encodeURIComponent(base)}` : ''}`;
}
