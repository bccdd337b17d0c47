import { useMemo, useState, type ReactNode } from 'react';
import type { EndpointRow, ExceptionRow, Failure } from '../api/types';
import { formatBytes, formatCount, formatMs, formatPercent, formatRps } from '../lib/format';

export type StatsMode = 'live' | 'report';

interface Column {
  id: string;
  label: string;
  numeric: boolean;
  value: (r: EndpointRow) => number | string;
  render: (r: EndpointRow) => ReactNode;
}

const pct = (label: string) => (r: EndpointRow) => r.percentilesMillis?.[label] ?? NaN;

/** Locust's statistics columns; live shows the current rates, a report the rates over the whole run. */
export function statsColumns(mode: StatsMode): Column[] {
  const cols: Column[] = [
    { id: 'type', label: 'Type', numeric: false, value: (r) => r.type, render: (r) => r.type },
    { id: 'name', label: 'Name', numeric: false, value: (r) => r.name, render: (r) => r.name },
    { id: 'requests', label: '# Requests', numeric: true, value: (r) => r.requests, render: (r) => formatCount(r.requests) },
    {
      id: 'failures', label: '# Fails', numeric: true, value: (r) => r.failures,
      render: (r) => (
        <>
          {formatCount(r.failures)}
          {r.failures > 0 ? <span className="sub"> ({formatPercent(r.failRatio)})</span> : null}
        </>
      ),
    },
    { id: 'median', label: 'Median (ms)', numeric: true, value: (r) => r.medianMillis, render: (r) => formatMs(r.medianMillis) },
    { id: 'p90', label: '90%ile (ms)', numeric: true, value: pct('90%'), render: (r) => formatMs(pct('90%')(r)) },
    { id: 'p99', label: '99%ile (ms)', numeric: true, value: pct('99%'), render: (r) => formatMs(pct('99%')(r)) },
    { id: 'avg', label: 'Average (ms)', numeric: true, value: (r) => r.avgMillis, render: (r) => formatMs(r.avgMillis) },
    { id: 'min', label: 'Min (ms)', numeric: true, value: (r) => r.minMillis, render: (r) => formatMs(r.minMillis) },
    { id: 'max', label: 'Max (ms)', numeric: true, value: (r) => r.maxMillis, render: (r) => formatMs(r.maxMillis) },
    { id: 'size', label: 'Average size (bytes)', numeric: true, value: (r) => r.avgContentSize, render: (r) => formatBytes(r.avgContentSize) },
  ];
  if (mode === 'live') {
    cols.push(
      { id: 'rps', label: 'Current RPS', numeric: true, value: (r) => r.currentRps, render: (r) => formatRps(r.currentRps) },
      { id: 'fps', label: 'Current Failures/s', numeric: true, value: (r) => r.currentFailuresPerSecond, render: (r) => formatRps(r.currentFailuresPerSecond) },
    );
  } else {
    cols.push(
      { id: 'rps', label: 'RPS', numeric: true, value: (r) => r.rps, render: (r) => formatRps(r.rps) },
      { id: 'fps', label: 'Failures/s', numeric: true, value: (r) => r.failuresPerSecond, render: (r) => formatRps(r.failuresPerSecond) },
    );
  }
  return cols;
}

type Sort = { id: string; desc: boolean } | null;

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  }
  return String(a).localeCompare(String(b));
}

/** A table that scrolls sideways on a narrow screen, and can be reached and scrolled with the keyboard. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={`${label} (table)`} tabIndex={0}>
      {children}
    </div>
  );
}

/** Locust's statistics table: one row per (type, name), sortable, with the aggregated row at the bottom. */
export function StatsTable({ rows, aggregated, mode, caption }: {
  rows: EndpointRow[];
  aggregated: EndpointRow | null | undefined;
  mode: StatsMode;
  caption?: string;
}) {
  const columns = useMemo(() => statsColumns(mode), [mode]);
  const [sort, setSort] = useState<Sort>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.id === sort.id);
    if (!col) return rows;
    const out = [...rows].sort((a, b) => compare(col.value(a), col.value(b)));
    return sort.desc ? out.reverse() : out;
  }, [rows, sort, columns]);

  const toggle = (id: string, numeric: boolean) =>
    setSort((s) => (s?.id === id ? { id, desc: !s.desc } : { id, desc: numeric }));

  return (
    <TableScroll label={caption ?? 'Statistics'}>
      <table className="data stats-table">
        <caption className="visually-hidden">{caption ?? 'Request statistics per endpoint'}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                className={c.numeric ? 'num' : undefined}
                aria-sort={sort?.id === c.id ? (sort.desc ? 'descending' : 'ascending') : undefined}
              >
                <button type="button" className="sort" onClick={() => toggle(c.id, c.numeric)}>
                  {c.label}
                  <span aria-hidden="true" className="sort-mark">
                    {sort?.id === c.id ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                No requests yet.
              </td>
            </tr>
          ) : (
            sorted.map((r) => (
              <tr key={`${r.type} ${r.name}`} className={r.failures > 0 ? 'has-failures' : undefined}>
                {columns.map((c) =>
                  c.id === 'name' ? (
                    <th key={c.id} scope="row" className="name">
                      {c.render(r)}
                    </th>
                  ) : (
                    <td key={c.id} className={c.numeric ? 'num' : undefined}>
                      {c.render(r)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
        {aggregated ? (
          <tfoot>
            <tr className="aggregated">
              {columns.map((c) =>
                c.id === 'name' ? (
                  <th key={c.id} scope="row" className="name">
                    Aggregated
                  </th>
                ) : (
                  <td key={c.id} className={c.numeric ? 'num' : undefined}>
                    {c.id === 'type' ? '' : c.render(aggregated)}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </TableScroll>
  );
}

export const PERCENTILE_LABELS = ['50%', '66%', '75%', '80%', '90%', '95%', '98%', '99%', '99.9%', '99.99%', '100%'];

/** Locust's response-time percentiles table. */
export function PercentilesTable({ rows, aggregated }: { rows: EndpointRow[]; aggregated: EndpointRow | null | undefined }) {
  const all = aggregated ? [...rows, aggregated] : rows;
  return (
    <TableScroll label="Response time percentiles">
      <table className="data">
        <caption className="visually-hidden">Response time percentiles in milliseconds</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Name</th>
            {PERCENTILE_LABELS.map((l) => (
              <th key={l} scope="col" className="num">
                {l} (ms)
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {all.map((r) => (
            <tr key={`${r.type} ${r.name}`} className={r === aggregated ? 'aggregated' : undefined}>
              <td>{r.type}</td>
              <th scope="row" className="name">
                {r.name}
              </th>
              {PERCENTILE_LABELS.map((l) => (
                <td key={l} className="num">
                  {formatMs(r.percentilesMillis?.[l])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Failures grouped by message, most frequent first. */
export function FailuresTable({ failures }: { failures: Failure[] }) {
  const sorted = useMemo(() => [...failures].sort((a, b) => b.occurrences - a.occurrences), [failures]);
  if (sorted.length === 0) {
    return <p className="muted">No failures. Requests that fail (or that a check marks failed) are grouped here by message.</p>;
  }
  return (
    <TableScroll label="Failures">
      <table className="data failures-table">
        <caption className="visually-hidden">Failures grouped by message</caption>
        <thead>
          <tr>
            <th scope="col" className="num"># Occurrences</th>
            <th scope="col">Type</th>
            <th scope="col">Name</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((f) => (
            <tr key={`${f.type} ${f.name} ${f.error}`}>
              <td className="num">{formatCount(f.occurrences)}</td>
              <td>{f.type}</td>
              <td className="name">{f.name}</td>
              <td className="message">{f.error}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Exceptions thrown by scenario code, with their stack traces. */
export function ExceptionsTable({ exceptions }: { exceptions: ExceptionRow[] }) {
  if (exceptions.length === 0) return <p className="muted">No exceptions in scenario code.</p>;
  return (
    <TableScroll label="Exceptions">
      <table className="data">
        <caption className="visually-hidden">Exceptions thrown by scenario code</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Count</th>
            <th scope="col">Message</th>
            <th scope="col">Traceback</th>
          </tr>
        </thead>
        <tbody>
          {exceptions.map((x, i) => (
            <tr key={i}>
              <td className="num">{formatCount(x.count)}</td>
              <td className="message">{x.message}</td>
              <td>
                <details>
                  <summary>Show</summary>
                  <pre className="traceback">{x.traceback}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
