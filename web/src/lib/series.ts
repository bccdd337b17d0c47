// Time series for the charts, bounded in memory whatever the run's length: at 1 point/s a 2-hour run sends 7,200
// points. The buffer keeps at most `capacity` points of equal resolution: when it fills up, neighbours are merged in
// pairs and each stored point stands for twice as many seconds as before (only the newest point may be partly filled).
// The renderer then draws at most a few points per pixel column (decimate).

export type Merge = 'mean' | 'max';

export interface SeriesSpec {
  key: string;
  merge: Merge;
}

export class TimeSeries {
  readonly capacity: number;
  readonly specs: SeriesSpec[];
  private t: number[] = [];
  private cols: number[][];
  /** How many original points each stored point stands for (the newest may stand for fewer). */
  private weights: number[] = [];
  /** Original points per stored point: doubles at each compaction. */
  private step = 1;
  /** Bumped on every change, so React can tell the series changed without copying it. */
  version = 0;

  constructor(specs: SeriesSpec[], capacity = 1800) {
    if (capacity < 4) throw new Error('capacity must be at least 4');
    this.capacity = capacity;
    this.specs = specs;
    this.cols = specs.map(() => []);
  }

  get length(): number {
    return this.t.length;
  }

  /** Original points per stored point. */
  get resolution(): number {
    return this.step;
  }

  times(): readonly number[] {
    return this.t;
  }

  values(key: string): readonly number[] {
    const i = this.specs.findIndex((s) => s.key === key);
    if (i < 0) throw new Error(`no series ${key}`);
    return this.cols[i];
  }

  lastTime(): number | undefined {
    return this.t.length ? this.t[this.t.length - 1] : undefined;
  }

  /** Adds a point; a point not later than the last one added is ignored (a resent update). */
  push(time: number, values: Record<string, number>): void {
    if (this.lastRaw !== undefined && time <= this.lastRaw) return;
    this.lastRaw = time;
    const v = this.specs.map((s) => {
      const x = values[s.key];
      return typeof x === 'number' && Number.isFinite(x) ? x : NaN;
    });
    const n = this.t.length;
    if (n > 0 && this.weights[n - 1] < this.step) {
      // the newest stored point is not full yet: the new point joins it
      const w = this.weights[n - 1];
      this.t[n - 1] = (this.t[n - 1] * w + time) / (w + 1);
      this.specs.forEach((s, k) => (this.cols[k][n - 1] = mergeValues(s.merge, this.cols[k][n - 1], w, v[k], 1)));
      this.weights[n - 1] = w + 1;
    } else {
      this.t.push(time);
      this.weights.push(1);
      this.specs.forEach((_, k) => this.cols[k].push(v[k]));
      if (this.t.length > this.capacity) this.compact();
    }
    this.version++;
  }

  private lastRaw: number | undefined;

  clear(): void {
    this.t = [];
    this.weights = [];
    this.cols = this.specs.map(() => []);
    this.step = 1;
    this.lastRaw = undefined;
    this.version++;
  }

  /** Merges pairs of neighbours: every stored point now stands for twice as many original points. */
  private compact(): void {
    this.step *= 2;
    const n = this.t.length;
    const t: number[] = [];
    const w: number[] = [];
    const cols: number[][] = this.specs.map(() => []);
    for (let i = 0; i < n; i += 2) {
      const wi = this.weights[i];
      if (i + 1 >= n) {
        t.push(this.t[i]);
        w.push(wi);
        this.specs.forEach((_, k) => cols[k].push(this.cols[k][i]));
        break;
      }
      const wj = this.weights[i + 1];
      t.push((this.t[i] * wi + this.t[i + 1] * wj) / (wi + wj));
      w.push(wi + wj);
      this.specs.forEach((s, k) => cols[k].push(mergeValues(s.merge, this.cols[k][i], wi, this.cols[k][i + 1], wj)));
    }
    this.t = t;
    this.weights = w;
    this.cols = cols;
  }
}

function mergeValues(merge: Merge, a: number, wa: number, b: number, wb: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return merge === 'max' ? Math.max(a, b) : (a * wa + b * wb) / (wa + wb);
}

/**
 * Picks the points to draw for a chart `columns` pixels wide: in each column, the first, the lowest and the highest
 * point, so spikes survive. Returns indexes into the series, in order.
 */
export function decimate(times: readonly number[], values: readonly number[], columns: number): number[] {
  const n = times.length;
  if (n === 0) return [];
  if (n <= columns * 3 || columns < 1) return Array.from({ length: n }, (_, i) => i);
  const t0 = times[0];
  const span = times[n - 1] - t0 || 1;
  const out: number[] = [];
  let i = 0;
  for (let c = 0; c < columns && i < n; c++) {
    const end = t0 + (span * (c + 1)) / columns;
    const first = i;
    let lo = i;
    let hi = i;
    while (i < n && (times[i] <= end || c === columns - 1)) {
      if (values[i] < values[lo] || Number.isNaN(values[lo])) lo = i;
      if (values[i] > values[hi] || Number.isNaN(values[hi])) hi = i;
      i++;
    }
    if (i === first) continue;
    const picked = Array.from(new Set([first, lo, hi, i - 1])).sort((a, b) => a - b);
    out.push(...picked);
  }
  return out;
}

/** The series the run charts show, from the aggregated history rows (key null). */
export const RUN_SERIES: SeriesSpec[] = [
  { key: 'rps', merge: 'mean' },
  { key: 'fps', merge: 'mean' },
  { key: 'p50', merge: 'mean' },
  { key: 'p95', merge: 'max' },
  { key: 'p99', merge: 'max' },
  { key: 'users', merge: 'max' },
];

export interface SeriesPoint {
  epochMillis: number;
  /** requests in this interval; without any, the interval has no response times */
  intervalRequests?: number;
  currentRps: number;
  currentFailuresPerSecond: number;
  intervalP50Millis: number;
  intervalP95Millis: number;
  intervalP99Millis: number;
  users: number;
}

export function pushHistoryRow(series: TimeSeries, row: SeriesPoint): void {
  const timed = row.intervalRequests !== 0;
  series.push(row.epochMillis, {
    rps: row.currentRps,
    fps: row.currentFailuresPerSecond,
    p50: timed ? row.intervalP50Millis : NaN,
    p95: timed ? row.intervalP95Millis : NaN,
    p99: timed ? row.intervalP99Millis : NaN,
    users: row.users,
  });
}
