// Number formatting for tables and charts. One fixed locale, so a number reads the same on every machine and in tests.

const LOCALE = 'en-US';
const DASH = '—';

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function fixed(v: number, digits: number): string {
  return v.toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Whole counts with thousands separators: 12345 -> "12,345". */
export function formatCount(v: number | null | undefined): string {
  if (!finite(v)) return DASH;
  return Math.round(v).toLocaleString(LOCALE);
}

/**
 * Milliseconds for table cells (the column header says "ms"): more digits where they matter.
 * 0.123 -> "0.12", 12.345 -> "12.3", 123.4 -> "123", 12345 -> "12,345".
 */
export function formatMs(v: number | null | undefined): string {
  if (!finite(v)) return DASH;
  const a = Math.abs(v);
  if (a >= 100) return fixed(v, 0);
  if (a >= 10) return fixed(v, 1);
  return fixed(v, 2);
}

/** Milliseconds with a unit, for charts and summaries: "12.3 ms", "1.23 s" from a second on. */
export function formatMsUnit(v: number | null | undefined): string {
  if (!finite(v)) return DASH;
  if (Math.abs(v) >= 1000) {
    const s = v / 1000;
    return `${Math.abs(s) >= 100 ? fixed(s, 0) : Math.abs(s) >= 10 ? fixed(s, 1) : fixed(s, 2)} s`;
  }
  return `${formatMs(v)} ms`;
}

/** Requests (or failures) per second, one decimal: 12.345 -> "12.3", 1234.5 -> "1,234.5". */
export function formatRps(v: number | null | undefined): string {
  if (!finite(v)) return DASH;
  return fixed(v, 1);
}

/** With the unit: "12.3 req/s". */
export function formatRpsUnit(v: number | null | undefined): string {
  return finite(v) ? `${formatRps(v)} req/s` : DASH;
}

/**
 * A ratio (0..1) as a percentage: 0 -> "0%", 0.25 -> "25.0%", 0.0123 -> "1.23%", 0.00001 -> "<0.01%".
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (!finite(ratio)) return DASH;
  if (ratio === 0) return '0%';
  const p = ratio * 100;
  if (Math.abs(p) < 0.01) return p > 0 ? '<0.01%' : '>-0.01%';
  return `${fixed(p, Math.abs(p) >= 10 ? 1 : 2)}%`;
}

/** A signed relative change: 0.1234 -> "+12.3%", -0.05 -> "−5.0%"; NaN (no base) -> "—". */
export function formatDelta(ratio: number | null | undefined): string {
  if (!finite(ratio)) return DASH;
  if (ratio === 0) return '±0%';
  const p = ratio * 100;
  const digits = Math.abs(p) >= 100 ? 0 : 1;
  return `${p > 0 ? '+' : '−'}${fixed(Math.abs(p), digits)}%`;
}

/** Average content size in bytes, whole: "1,234". */
export function formatBytes(v: number | null | undefined): string {
  return formatCount(v);
}

/** A duration in seconds as people read it: 45 -> "45s", 125 -> "2m 05s", 3723 -> "1h 02m 03s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!finite(seconds) || seconds < 0) return DASH;
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(r)}s`;
  if (m > 0) return `${m}m ${pad(r)}s`;
  return `${r}s`;
}

/** Clock time for chart axes, "mm:ss" or "h:mm:ss" of elapsed seconds. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

/**
 * Locust's time spans, as the API takes them: "30s", "5m", "1h30m" or a number of seconds. Returns seconds, or null
 * when the text is not a time span (the same rule as the control plane's).
 */
export function parseTimeSpan(text: string | null | undefined): number | null {
  if (text == null) return null;
  const t = text.trim().toLowerCase();
  if (/^\d{1,9}$/.test(t)) return Number(t);
  const m = /^(?:(\d{1,7})h)?(?:(\d{1,7})m)?(?:(\d{1,7})s)?$/.exec(t);
  if (!t || !m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** VU-hours a run will use at most: users × duration / 3600. */
export function vuHours(users: number, seconds: number): number {
  if (!(users > 0) || !(seconds > 0)) return 0;
  return (users * seconds) / 3600;
}

/** VU-hours with two decimals and a unit: "1.25 VU-h"; tiny but non-zero amounts show as "<0.01 VU-h". */
export function formatVuHours(v: number | null | undefined): string {
  if (!finite(v)) return DASH;
  if (v > 0 && v < 0.01) return '<0.01 VU-h';
  return `${fixed(v, 2)} VU-h`;
}

/** A timestamp in the reader's time zone, to the second. */
export function formatDateTime(iso: string | number | null | undefined): string {
  if (iso == null || iso === '') return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  return d.toLocaleString(LOCALE, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hour12: false,
  });
}

/** A short timestamp for chart axes, in the reader's time zone: "Nov 20, 10:05". */
export function formatShortDateTime(iso: string | number | null | undefined): string {
  if (iso == null || iso === '') return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  return d.toLocaleString(LOCALE, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** A day, "Nov 20", or a time of day, "10:05", in the reader's time zone: for axes of runs over days or within one. */
export function formatDay(iso: string | number | null | undefined): string {
  if (iso == null || iso === '') return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  return d.toLocaleString(LOCALE, { month: 'short', day: 'numeric' });
}

export function formatTimeOfDay(iso: string | number | null | undefined): string {
  if (iso == null || iso === '') return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  return d.toLocaleString(LOCALE, { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** The first characters of an id, for display next to a link with the whole id. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : DASH;
}
