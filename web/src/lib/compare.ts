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
  const points = number(t.failRatioPoints * 100);
  return `a change of ${number(t.relative * 100)} % (times and rates, and at least ${number(t.absoluteMillis)} ms for times) `
    + `or of ${points} ${points === '1' ? 'point' : 'points'} (failure ratio)`;
}

export type TolerancePart = keyof Tolerance;

/** The tolerance's parts, as the compare API and the compare page's address name them, in that order. */
export const TOLERANCE_PARTS: TolerancePart[] = ['relative', 'absoluteMillis', 'failRatioPoints'];

/** The tolerance as a form shows it: the relative change in percent, milliseconds, the failure ratio in points. */
export type ToleranceDraft = Record<TolerancePart, string>;

/** A part as shown, times this, is the part as the API takes it. */
const SHOWN: Record<TolerancePart, { scale: number; max: number; tooBig: string }> = {
  relative: { scale: 100, max: 1000, tooBig: 'At most 1000 %' },
  absoluteMillis: { scale: 1, max: 3_600_000, tooBig: 'At most 3,600,000 ms (an hour)' },
  failRatioPoints: { scale: 100, max: 100, tooBig: 'At most 100 points' },
};

/** Without the binary noise of scaling (0.07 × 100 is 7.000000000000001). */
function exact(v: number): number {
  return Number(v.toPrecision(12));
}

export function toleranceDraft(t: Tolerance): ToleranceDraft {
  const shown = (p: TolerancePart) => String(exact(t[p] * SHOWN[p].scale));
  return { relative: shown('relative'), absoluteMillis: shown('absoluteMillis'), failRatioPoints: shown('failRatioPoints') };
}

/**
 * The tolerance a compare page address asks for: the parts it sets (NaN for one that is not a number: the API
 * refuses it), the others left to the control plane's default.
 */
export function askedTolerance(query: URLSearchParams): Partial<Tolerance> {
  const asked: Partial<Tolerance> = {};
  for (const p of TOLERANCE_PARTS) {
    const v = query.get(p)?.trim();
    if (v) asked[p] = Number(v);
  }
  return asked;
}

/** The form's values for an address: each part it sets (as written when not a number), the default for the others. */
export function readToleranceDraft(query: URLSearchParams): ToleranceDraft {
  const draft = toleranceDraft(DEFAULT_TOLERANCE);
  for (const p of TOLERANCE_PARTS) {
    const v = query.get(p)?.trim();
    if (v) draft[p] = Number.isFinite(Number(v)) ? String(exact(Number(v) * SHOWN[p].scale)) : v;
  }
  return draft;
}

/** The form's values read back: the tolerance, or what is wrong with each part that is not a number in its range. */
export function parseToleranceDraft(draft: ToleranceDraft): { tolerance: Tolerance | null; errors: Partial<Record<TolerancePart, string>> } {
  const errors: Partial<Record<TolerancePart, string>> = {};
  const tolerance = { ...DEFAULT_TOLERANCE };
  for (const p of TOLERANCE_PARTS) {
    const text = draft[p].trim();
    const v = Number(text);
    if (!text) errors[p] = 'Enter a number';
    else if (!Number.isFinite(v)) errors[p] = 'Not a number';
    else if (v < 0) errors[p] = 'Must be 0 or more';
    else if (v > SHOWN[p].max) errors[p] = SHOWN[p].tooBig;
    else tolerance[p] = exact(v / SHOWN[p].scale);
  }
  return Object.keys(errors).length ? { tolerance: null, errors } : { tolerance, errors };
}

/** "&relative=0.2&absoluteMillis=5": the parts of a tolerance that differ from the default, for an address. */
export function toleranceQuery(t: Tolerance): string {
  return TOLERANCE_PARTS.filter((p) => exact(t[p]) !== exact(DEFAULT_TOLERANCE[p]))
    .map((p) => `&${p}=${exact(t[p])}`).join('');
}

/** Whether a tolerance the server answered with is the one asked for (the parts asked; the others are its default). */
export function sameTolerance(answered: Tolerance, asked: Partial<Tolerance>): boolean {
  return TOLERANCE_PARTS.every((p) => {
    const want = asked[p];
    return want === undefined || Math.abs(answered[p] - want) <= 1e-9 * Math.max(1, Math.abs(want));
  });
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
