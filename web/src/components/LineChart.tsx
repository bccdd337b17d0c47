// A line chart in plain SVG. It draws at most a few points per pixel column (decimate), so a 2-hour run at one point
// per second costs the same to draw as a 2-minute one.
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { decimate } from '../lib/series';
import { formatElapsed } from '../lib/format';

export interface ChartLine {
  label: string;
  /** x in seconds (elapsed since the run's start), unless the chart's formatX says otherwise */
  xs: readonly number[];
  ys: readonly number[];
  /** colour slot 0..5 (CSS classes series-N) */
  color: number;
  dashed?: boolean;
  /** a dot at every point: for sparse series, where a point between two gaps has no line to show it */
  markers?: boolean;
}

const MARGIN = { left: 58, right: 14, top: 10, bottom: 26 };

/** Round tick values covering [0, max]. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

function lastFinite(ys: readonly number[]): number {
  for (let i = ys.length - 1; i >= 0; i--) if (Number.isFinite(ys[i])) return ys[i];
  return NaN;
}

function nearest(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

/** At most `count` of the candidate ticks, evenly picked, the first always among them. */
export function thinTicks(candidates: readonly number[], count: number): number[] {
  const step = Math.max(1, Math.ceil(candidates.length / Math.max(1, count)));
  return candidates.filter((_, i) => i % step === 0);
}

/** A label centred under its tick unless that would run past either end of the plot. */
function anchorNear(x: number, left: number, right: number): 'start' | 'middle' | 'end' {
  if (x - left < 40) return 'start';
  if (right - x < 40) return 'end';
  return 'middle';
}

export function LineChart({
  title, lines, format, height = 190, xMin: fixedXMin, xRange, xTicks: tickCandidates, formatX = formatElapsed, formatHoverX = formatX,
}: {
  title: string;
  lines: ChartLine[];
  format: (v: number) => string;
  height?: number;
  /** where the x axis starts (default: the first point) */
  xMin?: number;
  /** the whole x axis, whatever the points (e.g. run indexes with half a slot either side) */
  xRange?: [number, number];
  /** where x ticks may go (default: evenly spaced); as many are shown as fit */
  xTicks?: readonly number[];
  /** an x tick's label (default: elapsed seconds as m:ss) */
  formatX?: (x: number) => string;
  /** the tooltip's x (default: as the ticks) */
  formatHoverX?: (x: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  const [hoverX, setHoverX] = useState<number | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const plotW = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(40, height - MARGIN.top - MARGIN.bottom);

  const geometry = useMemo(() => {
    let xMin = Infinity;
    let xMax = -Infinity;
    let yMax = 0;
    for (const l of lines) {
      if (l.xs.length === 0) continue;
      xMin = Math.min(xMin, l.xs[0]);
      xMax = Math.max(xMax, l.xs[l.xs.length - 1]);
      for (const y of l.ys) if (Number.isFinite(y) && y > yMax) yMax = y;
    }
    if (!Number.isFinite(xMin)) {
      xMin = 0;
      xMax = 60;
    }
    if (fixedXMin !== undefined) xMin = Math.min(fixedXMin, xMin);
    if (xRange) [xMin, xMax] = xRange;
    else if (xMax - xMin < 10) xMax = xMin + 10;
    const yTicks = niceTicks(yMax * 1.05 || 1);
    const yTop = yTicks[yTicks.length - 1];
    const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
    const sy = (y: number) => MARGIN.top + plotH - (y / yTop) * plotH;
    const dots: { x: number; y: number }[][] = [];
    const paths = lines.map((l) => {
      const idx = decimate(l.xs, l.ys, Math.ceil(plotW));
      let d = '';
      let pen = false;
      const points: { x: number; y: number }[] = [];
      for (const i of idx) {
        const y = l.ys[i];
        if (!Number.isFinite(y)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${sx(l.xs[i]).toFixed(1)},${sy(y).toFixed(1)}`;
        pen = true;
        if (l.markers) points.push({ x: sx(l.xs[i]), y: sy(y) });
      }
      dots.push(points);
      return d;
    });
    const xTickCount = Math.max(2, Math.min(6, Math.floor(plotW / 90)));
    const xTicks = tickCandidates
      ? thinTicks(tickCandidates, xTickCount + 1)
      : Array.from({ length: xTickCount + 1 }, (_, i) => xMin + ((xMax - xMin) * i) / xTickCount);
    return { xMin, xMax, yTicks, sx, sy, paths, dots, xTicks };
  }, [lines, plotW, plotH, fixedXMin, xRange, tickCandidates]);

  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - rect.left) / rect.width) * width;
    if (px < MARGIN.left || px > MARGIN.left + plotW) {
      setHoverX(null);
      return;
    }
    setHoverX(geometry.xMin + ((px - MARGIN.left) / plotW) * (geometry.xMax - geometry.xMin));
  };

  const hover = hoverX === null ? null : lines.map((l) => {
    if (l.xs.length === 0) return { label: l.label, value: NaN, x: NaN, color: l.color };
    const i = nearest(l.xs, hoverX);
    return { label: l.label, value: l.ys[i], x: l.xs[i], color: l.color };
  });

  const summary = lines.map((l) => `${l.label} ${format(lastFinite(l.ys))}`).join(', ');
  const empty = lines.every((l) => l.xs.length === 0);

  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-box" ref={box}>
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`${title}. ${empty ? 'No data yet' : `Latest: ${summary}`}`}
          onPointerMove={onMove}
          onPointerLeave={() => setHoverX(null)}
        >
          {geometry.yTicks.map((t) => (
            <g key={t} className="grid">
              <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={geometry.sy(t)} y2={geometry.sy(t)} />
              <text x={MARGIN.left - 6} y={geometry.sy(t) + 4} textAnchor="end">
                {format(t)}
              </text>
            </g>
          ))}
          {geometry.xTicks.map((t, i) => (
            <text key={i} className="axis" x={geometry.sx(t)} y={height - 6}
              textAnchor={tickCandidates ? anchorNear(geometry.sx(t), MARGIN.left, MARGIN.left + plotW)
                : i === 0 ? 'start' : i === geometry.xTicks.length - 1 ? 'end' : 'middle'}>
              {formatX(t)}
            </text>
          ))}
          {geometry.paths.map((d, i) => (
            <path key={i} d={d} className={`line series-${lines[i].color}${lines[i].dashed ? ' dashed' : ''}`} />
          ))}
          {geometry.dots.map((points, i) => points.map((p, j) => (
            <circle key={`${i}-${j}`} cx={p.x.toFixed(1)} cy={p.y.toFixed(1)} r={3} className={`marker series-${lines[i].color}`} />
          )))}
          {hover && hoverX !== null ? (
            <line className="cursor" x1={geometry.sx(hoverX)} x2={geometry.sx(hoverX)} y1={MARGIN.top} y2={MARGIN.top + plotH} />
          ) : null}
          {empty ? (
            <text className="axis" x={MARGIN.left + plotW / 2} y={MARGIN.top + plotH / 2} textAnchor="middle">
              No data yet
            </text>
          ) : null}
        </svg>
        {hover ? (
          <div className="chart-tooltip" aria-hidden="true">
            <div>{formatHoverX(hover.find((h) => Number.isFinite(h.x))?.x ?? hoverX ?? 0)}</div>
            {hover.map((h) => (
              <div key={h.label}>
                <span className={`swatch series-${h.color}`} /> {h.label}: {format(h.value)}
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <ul className="legend">
        {lines.map((l) => (
          <li key={l.label}>
            <span className={`swatch series-${l.color}${l.dashed ? ' dashed' : ''}`} aria-hidden="true" />
            {l.label}: <strong>{format(lastFinite(l.ys))}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
