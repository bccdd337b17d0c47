// For component tests: a report with no rows, of a run described by the test.
import type { Report } from '../api/types';

export function emptyReport(run: Report['run']): Report {
  return { run, endpoints: [], aggregated: {} as Report['aggregated'], failures: [], exceptions: [], history: [] };
}
