import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointRow, Failure } from '../api/types';
import { FailuresTable, PercentilesTable, StatsTable } from './StatsTable';

afterEach(cleanup);

function row(over: Partial<EndpointRow>): EndpointRow {
  return {
    type: 'GET', name: '/', requests: 0, failures: 0, failRatio: 0, avgMillis: 0, minMillis: 0, maxMillis: 0,
    medianMillis: 0, percentilesMillis: { '50%': 0, '90%': 0, '95%': 0, '99%': 0, '100%': 0 }, avgContentSize: 0,
    rps: 0, failuresPerSecond: 0, currentRps: 0, currentFailuresPerSecond: 0, ...over,
  };
}

const items = row({
  type: 'GET', name: '/items/[id]', requests: 12345, failures: 0, avgMillis: 12.345, minMillis: 0.5, maxMillis: 1234.5,
  medianMillis: 11, percentilesMillis: { '50%': 11, '90%': 25.25, '95%': 30, '99%': 140.4, '100%': 1234.5 },
  avgContentSize: 2048, rps: 41.2, currentRps: 43.21, currentFailuresPerSecond: 0,
});
const cart = row({
  type: 'POST', name: '/cart', requests: 400, failures: 100, failRatio: 0.25, avgMillis: 5, minMillis: 1, maxMillis: 9,
  medianMillis: 4, percentilesMillis: { '50%': 4, '90%': 8, '95%': 8.5, '99%': 9, '100%': 9 }, avgContentSize: 12,
  rps: 1.3, failuresPerSecond: 0.33, currentRps: 2, currentFailuresPerSecond: 0.5,
});
const aggregated = row({
  type: '', name: 'Aggregated', requests: 12745, failures: 100, failRatio: 100 / 12745, avgMillis: 12.1, minMillis: 0.5,
  maxMillis: 1234.5, medianMillis: 10, percentilesMillis: { '50%': 10, '90%': 25, '95%': 29, '99%': 139, '100%': 1234.5 },
  avgContentSize: 1984, rps: 42.5, failuresPerSecond: 0.33, currentRps: 45.21, currentFailuresPerSecond: 0.5,
});

function cells(tr: HTMLElement): string[] {
  return Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent ?? '');
}

describe('StatsTable', () => {
  it("has Locust's live columns, formatted, with the aggregated row last", () => {
    render(<StatsTable rows={[items, cart]} aggregated={aggregated} mode="live" />);
    const table = screen.getByRole('table');
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'Type', 'Name', '# Requests', '# Fails', 'Median (ms)', '90%ile (ms)', '99%ile (ms)', 'Average (ms)', 'Min (ms)',
      'Max (ms)', 'Average size (bytes)', 'Current RPS', 'Current Failures/s',
    ]);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(cells(rows[1])).toEqual(['GET', '/items/[id]', '12,345', '0', '11.0', '25.3', '140', '12.3', '0.50', '1,235', '2,048', '43.2', '0.0']);
    expect(cells(rows[2])).toEqual(['POST', '/cart', '400', '100 (25.0%)', '4.00', '8.00', '9.00', '5.00', '1.00', '9.00', '12', '2.0', '0.5']);
    const last = rows[3];
    expect(last.closest('tfoot')).not.toBeNull();
    expect(cells(last)).toEqual(['', 'Aggregated', '12,745', '100 (0.78%)', '10.0', '25.0', '139', '12.1', '0.50', '1,235', '1,984', '45.2', '0.5']);
  });

  it('shows totals instead of current rates in a report', () => {
    render(<StatsTable rows={[cart]} aggregated={aggregated} mode="report" />);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.slice(-2)).toEqual(['RPS', 'Failures/s']);
    const rows = screen.getAllByRole('row');
    expect(cells(rows[1]).slice(-2)).toEqual(['1.3', '0.3']);
  });

  it('sorts by a column, keeping the aggregated row at the bottom', () => {
    render(<StatsTable rows={[cart, items]} aggregated={aggregated} mode="live" />);
    const sortBy = (label: string) => fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${label}`) }));
    sortBy('# Requests');
    let rows = screen.getAllByRole('row');
    expect(cells(rows[1])[1]).toBe('/items/[id]');
    expect(screen.getByRole('columnheader', { name: /# Requests/ }).getAttribute('aria-sort')).toBe('descending');
    sortBy('# Requests');
    rows = screen.getAllByRole('row');
    expect(cells(rows[1])[1]).toBe('/cart');
    expect(cells(rows[3])[1]).toBe('Aggregated');
  });

  it('says so when nothing was requested yet', () => {
    render(<StatsTable rows={[]} aggregated={null} mode="live" />);
    expect(screen.getByText('No requests yet.')).toBeTruthy();
  });
});

describe('PercentilesTable', () => {
  it("lists Locust's percentiles per endpoint and aggregated", () => {
    render(<PercentilesTable rows={[items]} aggregated={aggregated} />);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toContain('99.9% (ms)');
    expect(headers).toContain('100% (ms)');
    const rows = screen.getAllByRole('row');
    expect(cells(rows[1]).slice(0, 3)).toEqual(['GET', '/items/[id]', '11.0']);
    expect(cells(rows[2])[1]).toBe('Aggregated');
  });
});

describe('FailuresTable', () => {
  it('groups failures by message, most frequent first', () => {
    const failures: Failure[] = [
      { type: 'POST', name: '/cart', error: 'not created', occurrences: 3 },
      { type: 'GET', name: '/flaky', error: 'HTTP 500', occurrences: 1200 },
    ];
    render(<FailuresTable failures={failures} />);
    const rows = screen.getAllByRole('row');
    expect(cells(rows[1])).toEqual(['1,200', 'GET', '/flaky', 'HTTP 500']);
    expect(cells(rows[2])).toEqual(['3', 'POST', '/cart', 'not created']);
  });
  it('says what an empty list means', () => {
    render(<FailuresTable failures={[]} />);
    expect(screen.getByText(/No failures/)).toBeTruthy();
  });
});
