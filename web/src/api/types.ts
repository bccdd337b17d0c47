// The control plane's JSON, as the console reads it.

export interface AccountView {
  id: string;
  name: string;
  plan: string;
  role: string;
}

export interface Me {
  subject: string;
  email: string | null;
  currentAccount: string;
  role: string;
  accounts: AccountView[];
}

export interface Project {
  id: string;
  name: string;
  createdAt: string;
}

export interface ScenarioSummary {
  id: string;
  name: string;
  latestVersion: number;
  createdAt: string;
}

export interface ScenarioVersion {
  id: string;
  scenarioId: string;
  name: string;
  version: number;
  fileName: string;
  sha256: string;
  createdBy: string;
  createdAt: string;
}

export interface ScenarioSource {
  version: ScenarioVersion;
  source: string;
  /** test data files stored with this version (older control planes: absent) */
  dataFiles?: { name: string; bytes: number }[];
}

export interface CompileError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type RunStatus = 'starting' | 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

export interface RunnerState {
  index: number;
  status: string;
  message: string | null;
  lastReport: number;
}

export interface GitInfo {
  repository?: string | null;
  branch?: string | null;
  commit?: string | null;
  pullRequest?: number | null;
}

export interface Run {
  id: string;
  projectId: string;
  scenarioVersionId: string;
  status: RunStatus;
  statusReason: string | null;
  host: string;
  users: number;
  spawnRate: number;
  durationSeconds: number;
  stopTimeoutSeconds: number;
  runners: number;
  tags: string[];
  git: GitInfo | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  runnerStates: RunnerState[];
  /** VU-hours its start held: the estimate (users × duration, a shape's stages, an open model's bound) */
  reservedVuHours?: number;
  /** records keyed with the run that its runners did not send (forged, replayed, malformed): refused, not counted */
  rejectedRecords?: number;
  /** the threshold expressions the run was started with */
  thresholds?: string[];
  /** the thresholds as judged when the run ended; null until then */
  thresholdResults?: ThresholdResult[] | null;
  thresholdsPassed?: boolean | null;
  /** the run judged against its project's baseline run when it ended; null when the project had none */
  baseline?: BaselineVerdict | null;
  /** what the scenario read with parameter("KEY"), as the run was started (never the project's secrets) */
  parameters?: Record<string, string>;
}

export interface RunRequest {
  scenarioVersionId: string;
  host: string;
  users: number;
  spawnRate: number;
  duration: string;
  stopTimeout?: string;
  runners?: number;
  tags?: string[];
  git?: GitInfo;
  /** read by the scenario with parameter("KEY"), like barrage run -e KEY=VALUE */
  parameters?: Record<string, string>;
}

/** A project secret as the API lists it: its name, never its value. */
export interface ProjectSecret {
  name: string;
  updatedBy: string;
  updatedAt: string;
}

/** Why a start would be refused: 402 (VU-hours) or 409 (a plan limit, named by field). */
export interface RunRefusal {
  status: number;
  title: string;
  field?: string | null;
  requested?: number;
  limit?: number;
  detail: string;
}

/** POST /api/projects/{id}/runs/estimate: what starting a run would hold, and whether it would be refused. */
export interface RunEstimate {
  requestedVuHours: number;
  requestedVuMillis: number;
  /** users, stages, arrivalRate, tickShape or unknown */
  basis: string;
  description: string;
  peakUsers: number;
  chargedSeconds: number;
  month: string;
  allowanceVuHours: number;
  usedVuHours: number;
  reservedVuHours: number;
  remainingVuHours: number;
  remainingAfterVuHours: number;
  wouldStart: boolean;
  refusals: RunRefusal[];
}

/** One line of Locust's statistics table; the aggregated row has type "" and name "Aggregated". */
export interface EndpointRow {
  type: string;
  name: string;
  requests: number;
  failures: number;
  failRatio: number;
  avgMillis: number;
  minMillis: number;
  maxMillis: number;
  medianMillis: number;
  percentilesMillis: Record<string, number>;
  avgContentSize: number;
  rps: number;
  failuresPerSecond: number;
  currentRps: number;
  currentFailuresPerSecond: number;
}

export interface Failure {
  type: string;
  name: string;
  error: string;
  occurrences: number;
}

export interface ExceptionRow {
  count: number;
  message: string;
  traceback: string;
}

/** One point of the time series; key null for the aggregated series. */
export interface HistoryRow {
  epochMillis: number;
  users: number;
  key: { type: string; name: string } | null;
  intervalRequests: number;
  intervalFailures: number;
  currentRps: number;
  currentFailuresPerSecond: number;
  windowPercentilesMillis?: number[];
  intervalP50Millis: number;
  intervalP95Millis: number;
  intervalP99Millis: number;
  totalRequests: number;
  totalFailures: number;
}

export interface ThresholdResult {
  threshold: string;
  endpoint: string | null;
  metric: string;
  limit: number;
  /** not a finite number (JSON may carry "NaN") when there is nothing to judge yet */
  actual: number | string | null;
  actualText: string;
  passed: boolean;
}

/** The open model's iterations over the run; the rates and the shortfall are absent in reports stored before them. */
export interface Iterations {
  started: number;
  dropped: number;
  due?: number;
  targetRate?: number;
  achievedRate?: number;
  shortfall?: boolean;
  droppedFromSecond?: number | null;
  droppedUntilSecond?: number | null;
}

export interface Report {
  run: {
    scenario: string;
    host: string;
    targetUsers: number;
    spawnRate: number;
    startEpochMillis: number;
    endEpochMillis: number;
    users: number;
  };
  endpoints: EndpointRow[];
  aggregated: EndpointRow;
  failures: Failure[];
  exceptions: ExceptionRow[];
  history: HistoryRow[];
  thresholds?: ThresholdResult[] | null;
  iterations?: Iterations | null;
  /** What the time series shows (knee, failure jump, response-time trend); absent in older reports */
  findings?: Finding[] | null;
}

/** One automatic finding on a report (dev.barrage.protocol.stats.Findings). */
export interface Finding {
  /** knee, failureJump or responseTimeTrend */
  kind: string;
  atEpochMillis: number;
  atSecond: number;
  endSecond: number;
  users: number;
  rps: number;
  /** failure ratios before/after a jump; fitted medians (ms) at a trend's start/end; users at and after a knee */
  before: number;
  after: number;
  /** a trend's slope in ms per second */
  rate: number;
  summary: string;
}

export interface LiveUpdate {
  runId: string;
  status: RunStatus;
  users: number;
  elapsedSeconds: number;
  endpoints: EndpointRow[];
  aggregated: EndpointRow;
  failures: Failure[];
  latest: HistoryRow | null;
  /** the run's thresholds as they stand so far; null when it has none (older control planes: absent) */
  thresholds?: ThresholdResult[] | null;
}

/** How much worse a number must get to count as a regression (and better to count as an improvement). */
export interface Tolerance {
  /** times and rates: the relative change, 0.10 = 10 % */
  relative: number;
  /** times: changes smaller than this many milliseconds are noise */
  absoluteMillis: number;
  /** the failure ratio: a change in points, as a ratio (0.005 = half a percentage point) */
  failRatioPoints: number;
}

/** The numbers runs are compared on. */
export type MetricId = 'requests' | 'rps' | 'failRatio' | 'medianMillis' | 'p95Millis' | 'p99Millis' | 'avgMillis';

/** A run as comparisons and trends show it. */
export interface RunSummary {
  id: string;
  projectId: string;
  /** the scenario's name */
  scenario: string;
  scenarioVersion: number;
  status: RunStatus;
  host: string;
  users: number;
  tags: string[];
  branch: string | null;
  commit: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

/** One endpoint's (or every request's) numbers in one run's final report. */
export interface Numbers {
  requests: number;
  failures: number;
  failRatio: number;
  rps: number;
  medianMillis: number;
  p95Millis: number;
  p99Millis: number;
  avgMillis: number;
  maxMillis: number;
}

/** One number of a run against the baseline run's. */
export interface Change {
  metric: MetricId;
  baseline: number;
  value: number;
  /** (value − baseline) / baseline; for failRatio the difference in points (as a ratio); null when the baseline is 0 */
  change: number | null;
  verdict: 'regression' | 'improvement' | 'same';
}

export interface ComparisonCell {
  runId: string;
  /** null when that run did not call the endpoint */
  numbers: Numbers | null;
  /** null for the baseline's own cell and when either run lacks the endpoint */
  changes: Change[] | null;
}

/** One endpoint across the runs compared: a cell per run, in the runs' order. */
export interface AlignedEndpoint {
  type: string;
  name: string;
  cells: ComparisonCell[];
}

/** GET /api/runs/compare */
export interface Comparison {
  baselineRunId: string;
  tolerance: Tolerance;
  /** the baseline first, then the others in the order asked */
  runs: RunSummary[];
  endpoints: AlignedEndpoint[];
  /** type "", name "Aggregated" */
  aggregated: AlignedEndpoint;
  /** per run (same order), how many numbers got worse than the baseline's; the baseline's is 0 */
  regressions: number[];
}

export interface TrendSeries {
  type: string;
  name: string;
  /** one per run, oldest first; null where that run did not call the endpoint */
  points: (Numbers | null)[];
}

/** GET /api/projects/{id}/trends: the project's newest finished or stopped runs with a report, oldest first. */
export interface Trend {
  projectId: string;
  baselineRunId: string | null;
  runs: RunSummary[];
  endpoints: TrendSeries[];
  aggregated: TrendSeries;
}

/** A project's baseline, as PUT /api/projects/{id}/baseline answers it (and GET when one is set). */
export interface BaselineView {
  projectId: string;
  runId: string;
  /** null when the run is no longer readable (its report gone) */
  run: RunSummary | null;
  tolerance: Tolerance;
}

/** GET /api/projects/{id}/baseline: a project without a baseline answers 200 with runId, run and tolerance null. */
export type BaselineAnswer = BaselineView | { projectId: string; runId: null; run: null; tolerance: null };

export interface BaselineRegression {
  /** "GET /search", or "Aggregated" for every request together */
  endpoint: string;
  metric: MetricId;
  baseline: number;
  value: number;
  change: number | null;
}

/** A run judged against its project's baseline run when it ended. */
export interface BaselineVerdict {
  baselineRunId: string;
  tolerance: Tolerance;
  passed: boolean;
  regressions: BaselineRegression[];
  /** endpoints the baseline called and this run did not */
  missing: string[];
  /** endpoints only this run called */
  added: string[];
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

/** RFC 9457 problem details, with the control plane's extensions. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  field?: string;
  errors?: CompileError[];
  [extension: string]: unknown;
}

export const ENDED: RunStatus[] = ['finished', 'stopped', 'failed'];

export function isEnded(status: RunStatus | string): boolean {
  return (ENDED as string[]).includes(status);
}

/** Who last set a project's integration and when; the secret itself never comes back, only a masked form. */
interface IntegrationBase {
  integration: string;
  updatedBy: string;
  updatedAt: string;
}

export interface SlackIntegration extends IntegrationBase {
  /** the webhook's scheme, host and port and the last characters of the URL, e.g. https://hooks.slack.com/…x7Qz */
  webhookUrl: string;
  notifyOnStart: boolean;
}

export interface DatadogIntegration extends IntegrationBase {
  /** the last characters of the API key */
  apiKey: string;
  site: string;
  /** where the points and events go: https://api.SITE unless set otherwise */
  apiUrl: string;
}

export interface GitHubIntegration extends IntegrationBase {
  /** the last characters of the token */
  token: string;
  repository: string;
  apiUrl: string;
}

/** The answer of POST /api/projects/{id}/integrations/{kind}/test. */
export interface IntegrationTestResult {
  ok: boolean;
  status: number | null;
  detail: string | null;
}

/** One message an integration was sent about a run, and what became of it. */
export interface Delivery {
  id: string;
  integration: string;
  event: string;
  action: string;
  /** pending, sending, delivered, failed or skipped */
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  detail: string | null;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}
