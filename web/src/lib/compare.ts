// Comparing two runs endpoint by endpoint: which numbers got worse (regressions) and which got better.
import type { EndpointRow } from '../api/types';

export type Better = 'lower' | 'higher' | 'none';

export interface MetricSpec {
  id: string;
  label: string;
  better: Better;
  kind: 'ms' | 'rps' | 'ratio' | 'count';
  value: (r: EndpointRow) => number;
}

export const METRICS: MetricSpec[] = [
  { id: 'requests', label: '# Requests', better: 'none', kind: 'count', value: (r) => r.requests },
  { id: 'rps', label: 'RPS', better: 'higher', kind: 'rps', value: (r) => r.rps },
  { id: 'failRatio', label: 'Failures', better: 'lower', kind: 'ratio', value: (r) => r.failRatio },
  { id: 'median', label: 'Median (ms)', better: 'lower', kind: 'ms', value: (r) => r.medianMillis },
  { id: 'p95', label: '95%ile (ms)', better: 'lower', kind: 'ms', value: (r) => r.percentilesMillis?.['95%'] ?? NaN },
  { id: 'p99', label: '99%ile (ms)', better: 'lower', kind: 'ms', value: (r) => r.percentilesMillis?.['99%'] ?? NaN },
  { id: 'avg', label: 'Average (ms)', better: 'lower', kind: 'ms', value: (r) => r.avgMillis },
];

/** How much worse a number must get to count as a regression (and better to count as an improvement). */
export interface Tolerance {
  /** relative change for times and rates, e.g. 0.10 = 10 % */
  relative: number;
  /** times: changes below this many milliseconds are noise */
  absoluteMillis: number;
  /** failure ratio: change in percentage points, as a ratio (0.005 = 0.5 points) */
  failRatioPoints: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 };

export type Verdict = 'regression' | 'improvement' | 'same' | 'n/a';

export interface MetricDelta {
  spec: MetricSpec;
  a: number;
  b: number;
  /** (b - a) / a; for the failure ratio, b - a (points) */
  delta: number;
  verdict: Verdict;
}

export interface DeltaRow {
  key: string;
  type: string;
  name: string;
  a?: EndpointRow;
  b?: EndpointRow;
  metrics: MetricDelta[];
  regressions: number;
}

export function judge(spec: MetricSpec, a: number, b: number, tol: Tolerance = DEFAULT_TOLERANCE): MetricDelta {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { spec, a, b, delta: NaN, verdict: 'n/a' };
  if (spec.kind === 'ratio') {
    const d = b - a;
    const verdict: Verdict = Math.abs(d) < tol.failRatioPoints ? 'same' : (d > 0) === (spec.better === 'lower') ? 'regression' : 'improvement';
    return { spec, a, b, delta: d, verdict: spec.better === 'none' ? 'same' : verdict };
  }
  const delta = a === 0 ? (b === 0 ? 0 : Infinity) : (b - a) / Math.abs(a);
  if (spec.better === 'none') return { spec, a, b, delta, verdict: 'same' };
  const small = Math.abs(delta) < tol.relative || (spec.kind === 'ms' && Math.abs(b - a) < tol.absoluteMillis);
  if (small) return { spec, a, b, delta, verdict: 'same' };
  const worse = spec.better === 'lower' ? b > a : b < a;
  return { spec, a, b, delta, verdict: worse ? 'regression' : 'improvement' };
}

const rowKey = (r: EndpointRow) => `${r.type} ${r.name}`;

/** One row per endpoint found in either run (A's order first), then the aggregated row. */
export function compareEndpoints(
  a: EndpointRow[], b: EndpointRow[], aggA?: EndpointRow, aggB?: EndpointRow, tol: Tolerance = DEFAULT_TOLERANCE,
): DeltaRow[] {
  const keys: string[] = [];
  const mapA = new Map(a.map((r) => [rowKey(r), r]));
  const mapB = new Map(b.map((r) => [rowKey(r), r]));
  for (const r of [...a, ...b]) if (!keys.includes(rowKey(r))) keys.push(rowKey(r));
  const build = (key: string, ra?: EndpointRow, rb?: EndpointRow): DeltaRow => {
    const metrics = METRICS.map((m) => judge(m, ra ? m.value(ra) : NaN, rb ? m.value(rb) : NaN, tol));
    const any = (ra ?? rb)!;
    return { key, type: any.type, name: any.name, a: ra, b: rb, metrics, regressions: metrics.filter((m) => m.verdict === 'regression').length };
  };
  const rows = keys.map((k) => build(k, mapA.get(k), mapB.get(k)));
  if (aggA || aggB) rows.push(build('aggregated', aggA, aggB));
  return rows;
}
