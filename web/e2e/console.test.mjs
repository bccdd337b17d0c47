// The console end to end, in Debian's Chromium driven by playwright-core, against a real control plane, Keycloak,
// PostgreSQL and Kafka: sign in on Keycloak's page, upload a scenario, start a run against the demo target, watch the
// numbers move, stop it, read the report, download the CSV and check it against the API, compare two runs, make the
// first the project's baseline and read the project's trends, settings
// (a Slack integration pointed at a recording server here, tested and removed), a run's notifications, a phone-sized
// screen, and an axe-core check of every page. Each step leaves a screenshot in $E2E_OUTPUT/screenshots.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { apiToken, demoTarget, ensureChromium, outputDir, platform, teardown, WEB } from './setup.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const USER = process.env.E2E_USER ?? 'demo';
const PASSWORD = process.env.E2E_PASSWORD ?? 'demo-password';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// The control plane under ConsoleEndToEndTest lets integrations reach 127.0.0.1 and has a secrets key; one started with
// ./barrage up has neither, so there a refused Slack webhook is only reported unless this says it is required.
const INTEGRATIONS_REQUIRED = process.env.E2E_INTEGRATIONS === 'required';

let base;
let target;
let browser;
let context;
let page;
let token;
let shots = 0;
let hook;
const cspViolations = [];
// the API calls the browser saw answered 404: each one is an error in the browser's console
const apiNotFound = [];
const axeFindings = [];
const state = {};

async function shot(name) {
  const file = join(outputDir('screenshots'), `${String(++shots).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core in the page (evaluated through DevTools, so the CSP need not allow it); fails on serious or critical. */
async function axe(label) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  axeFindings.push({ page: label, viewport: page.viewportSize(), violations: result });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: serious accessibility violations:\n${JSON.stringify(bad, null, 2)}`);
}

async function api(path, init = {}) {
  const r = await fetch(base + path, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${r.status} ${text}`);
  return r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

async function waitUntil(what, fn, seconds = 60) {
  const until = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** A stand-in for Slack's incoming webhooks on 127.0.0.1: answers "ok" and records every request. */
function recordingServer() {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      requests.push({ method: req.method, path: req.url, contentType: req.headers['content-type'], body });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => ok({ server, requests, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** Everything the page shows: its text, and the values of its fields. */
async function everythingShown() {
  return page.evaluate(() => `${document.body.innerText}\n${[...document.querySelectorAll('input, select, textarea')].map((e) => e.value).join('\n')}`);
}

let failed = null;

/** A step of the walk through: each builds on the one before, so after a failure the rest are skipped. */
function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip(`after the failure of "${failed}"`);
      return;
    }
    try {
      await fn(t);
    } catch (e) {
      failed = name;
      try {
        const file = join(outputDir('screenshots'), `FAILED-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`);
        await page?.screenshot({ path: file, fullPage: true });
        console.log(`[e2e] failed at ${page?.url()}; screenshot ${file}; page text:\n${(await page?.locator('body').innerText())?.slice(0, 1500)}`);
      } catch {
        // no page to show
      }
      throw e;
    }
  });
}

const number = (text) => Number(String(text).replace(/[^0-9.]/g, ''));

/** Cells of the statistics table's aggregated row, by column header. */
async function aggregatedRow() {
  return page.evaluate(() => {
    const table = document.querySelector('table.stats-table');
    if (!table) return null;
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const cells = [...table.querySelectorAll('tfoot tr th, tfoot tr td')].map((c) => c.textContent.trim());
    return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
  });
}

/** Locust's _stats.csv into rows keyed by column name. */
function parseCsv(text) {
  const lines = text.trim().split(/\r?\n/);
  const split = (line) => {
    const out = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

describe('Barrage console', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    const executablePath = ensureChromium();
    base = await platform();
    target = await demoTarget();
    hook = await recordingServer();
    const config = await (await fetch(`${base}/console-config.json`)).json();
    token = await apiToken(config.authority, USER, PASSWORD);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run',
        '--disable-component-update', '--disable-sync', '--disable-quic'],
    });
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, locale: 'en-US' });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) cspViolations.push(msg.text());
      if (msg.type() === 'error') console.log(`[browser] ${msg.text()} ${msg.location()?.url ?? ''}`);
    });
    page.on('pageerror', (e) => console.log(`[browser] uncaught: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() === 404 && new URL(r.url()).pathname.startsWith('/api/')) apiNotFound.push(new URL(r.url()).pathname);
    });
    console.log(`[e2e] console ${base}, target ${target}, output ${outputDir()}`);
  });

  after(async () => {
    writeFileSync(join(outputDir(), 'axe-results.json'), JSON.stringify(axeFindings, null, 2));
    await browser?.close();
    hook?.server.close();
    teardown();
  });

  step('the console is served with a strict Content-Security-Policy', async () => {
    const r = await fetch(`${base}/runs/00000000-0000-0000-0000-000000000000`);
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /connect-src 'self' http:\/\/localhost:\d+/);
  });

  step('sign in through the Keycloak login page', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/realms\/barrage\/protocol\/openid-connect\/auth/);
    await page.locator('#username').fill(USER);
    await page.locator('#password').fill(PASSWORD);
    await shot('keycloak-login');
    await page.locator('#kc-login').click();
    await page.waitForURL((u) => u.href.startsWith(base) && !u.pathname.startsWith('/signin-callback'));
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await shot('projects');
    await axe('projects');
  });

  step('create a project', async () => {
    state.projectName = `console-e2e-${Date.now()}`;
    await page.getByLabel('New project name').fill(state.projectName);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: state.projectName, level: 1 }).waitFor();
    state.projectId = page.url().split('/projects/')[1];
    await page.getByText('No scenarios yet').waitFor();
    await shot('project-empty');
    await axe('project (empty)');
  });

  step('a scenario that does not compile shows its errors at their line and column', async () => {
    await page.getByRole('button', { name: 'Paste source' }).click();
    await page.getByLabel('File name').fill('Broken.java');
    await page.getByRole('textbox', { name: 'Source' }).fill(readFileSync(join(WEB, 'e2e/fixtures/Broken.java'), 'utf8'));
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'does not compile' });
    await alert.waitFor({ timeout: 120_000 });
    // the same errors as the API gives for the same upload
    let problem;
    const r = await fetch(`${base}/api/projects/${state.projectId}/scenarios`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileName: 'Broken.java', source: readFileSync(join(WEB, 'e2e/fixtures/Broken.java'), 'utf8') }),
    });
    assert.equal(r.status, 422);
    problem = await r.json();
    const first = problem.errors[0];
    assert.equal(first.line, 7);
    const note = page.locator('tr.error-note').first();
    assert.equal(await note.getAttribute('data-line'), String(first.line));
    assert.equal(await note.getAttribute('data-column'), String(first.column));
    assert.match(await note.textContent(), new RegExp(first.message.split('\n')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // the caret stands under the column the compiler named
    const caret = await note.locator('.caret').textContent();
    assert.equal(caret.length, first.column);
    await page.getByRole('link', { name: `Broken.java:${first.line}:${first.column}` }).waitFor();
    await note.scrollIntoViewIfNeeded();
    await shot('compile-errors');
    await axe('compile errors');
  });

  step('upload a scenario file', async () => {
    await page.getByRole('button', { name: 'Upload a file' }).click();
    await page.getByLabel('Scenario file (.java)').setInputFiles(join(WEB, 'e2e/fixtures/ConsoleShop.java'));
    await page.getByLabel(/Test data files/).setInputFiles(join(WEB, 'e2e/fixtures/users.csv'));
    await page.getByText('Attached: users.csv').waitFor();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText(/ConsoleShop\.java compiled and was stored as version 1/).waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'ConsoleShop', exact: true }).waitFor();
    await shot('scenario-uploaded');
    await page.getByRole('link', { name: 'ConsoleShop', exact: true }).click();
    await page.getByRole('heading', { name: 'Source of version 1' }).waitFor();
    await page.getByText('public class ConsoleShop extends HttpUser').waitFor();
    await page.getByRole('list', { name: 'Test data files' }).getByText('users.csv').waitFor();
    await shot('scenario-source');
    await axe('scenario');
    await page.goto(`${base}/projects/${state.projectId}`);
  });

  step('start a run with Locust\'s settings and see the VU-hours it uses', async () => {
    await page.getByRole('link', { name: 'Start a run', exact: true }).click();
    await page.getByRole('heading', { name: 'Start a run' }).waitFor();
    await page.getByLabel('Host').fill(target);
    await page.getByLabel('Number of users (peak concurrency)').fill('20');
    await page.getByLabel('Spawn rate (users started/second)').fill('10');
    await page.getByLabel('Run time').fill('5m');
    await page.getByLabel('Runners').fill('2');
    await page.getByLabel('Tags').fill('console-e2e, smoke');
    // 20 users × 300 s / 3600
    await page.getByTestId('estimate').getByText('1.67 VU-h').waitFor();
    // the balance the API gives, before confirming
    const usage = await api('/api/usage').catch(() => null);
    if (usage) {
      const left = Number(usage.remainingVuHours).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      await page.getByTestId('balance').getByText(`${left} VU-h`).waitFor();
    }
    await shot('start-run');
    await axe('start a run');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    state.runId = page.url().split('/runs/')[1];
  });

  step('live numbers move, charts draw, the user count changes', async () => {
    const requests = async () => number(await page.getByTestId('summary-requests').textContent());
    await page.getByText('Live: updated every second').waitFor({ timeout: 120_000 });
    const first = await waitUntil('requests to be counted', async () => (await requests()) > 0 && requests(), 90);
    const later = await waitUntil('the request count to grow', async () => {
      const n = await requests();
      return n > first && n;
    }, 30);
    assert.ok(later > first, `requests went from ${first} to ${later}`);
    await page.locator('table.stats-table tbody').getByText('/items/[id]').waitFor();
    const live = await aggregatedRow();
    assert.ok(number(live['# Requests']) > 0);
    assert.ok('Current RPS' in live);
    await shot('live-statistics');
    await axe('live run');

    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.chart path.line')].some((p) => (p.getAttribute('d') ?? '').split('L').length > 3), null, { timeout: 30_000 });
    await shot('live-charts');

    await page.getByRole('tab', { name: 'Runners' }).click();
    await page.getByRole('row', { name: /#0/ }).waitFor();
    await page.getByRole('row', { name: /#1/ }).waitFor();
    await shot('live-runners');

    await page.getByLabel('Users', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Change users' }).click();
    await page.getByText('Asked the runners for 10 users').waitFor();
    await waitUntil('the users to go down to 10', async () => number(await page.getByTestId('summary-users').textContent().then((t) => t.split('/')[0])) === 10, 60);
    await page.getByRole('tab', { name: /^Failures/ }).click();
    await page.locator('table.failures-table').getByText('/flaky').first().waitFor({ timeout: 30_000 });
    await shot('live-failures');
  });

  step('stop the run and read its report', async () => {
    await page.getByRole('button', { name: 'Stop run' }).click();
    await page.locator('.page-header .badge', { hasText: 'Stopped' }).waitFor({ timeout: 120_000 });
    await page.getByRole('tab', { name: 'Statistics' }).click();
    await page.locator('table.stats-table thead').getByText('RPS', { exact: true }).waitFor();
    const run = await api(`/api/runs/${state.runId}`);
    assert.equal(run.status, 'stopped');
    const report = await api(`/api/runs/${state.runId}/report`);
    const row = await aggregatedRow();
    assert.equal(number(row['# Requests']), report.aggregated.requests);
    assert.equal(number(row['# Fails'].split('(')[0]), report.aggregated.failures);
    await shot('report-statistics');
    await axe('report');
    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.locator('.chart path.line').first().waitFor();
    await shot('report-charts');
    await page.getByRole('tab', { name: 'Percentiles' }).click();
    await page.getByRole('columnheader', { name: '99.9% (ms)' }).waitFor();
    await shot('report-percentiles');
  });

  step('download the statistics CSV: the same file as the API\'s, the same numbers as the report', async () => {
    await page.getByRole('tab', { name: 'Download data' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Statistics \(CSV/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `run-${state.runId}_stats.csv`);
    const file = join(outputDir('downloads'), download.suggestedFilename());
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    const fromApi = await api(`/api/runs/${state.runId}/report?format=csv&file=stats`, { headers: { Accept: 'text/csv' } });
    assert.equal(csv, fromApi);
    const report = await api(`/api/runs/${state.runId}/report`);
    const rows = parseCsv(csv);
    const agg = rows.find((r) => r.Name === 'Aggregated');
    assert.equal(Number(agg['Request Count']), report.aggregated.requests);
    assert.equal(Number(agg['Failure Count']), report.aggregated.failures);
    for (const e of report.endpoints) {
      const r = rows.find((x) => x.Type === e.type && x.Name === e.name);
      assert.ok(r, `CSV row for ${e.type} ${e.name}`);
      assert.equal(Number(r['Request Count']), e.requests);
      assert.equal(Number(r['Failure Count']), e.failures);
    }
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Report \(HTML/ }).click(),
    ]);
    assert.equal(html.suggestedFilename(), `run-${state.runId}.html`);
    await shot('report-downloads');
  });

  step('run history with filters, two runs compared, a baseline and the project\'s trends', async () => {
    // a second, short run of the same version, through the API
    const version = (await api(`/api/runs/${state.runId}`)).scenarioVersionId;
    const second = await api(`/api/projects/${state.projectId}/runs`, {
      method: 'POST',
      body: JSON.stringify({ scenarioVersionId: version, host: target, users: 30, spawnRate: 30, duration: '8s', runners: 1, tags: ['console-e2e', 'second'] }),
    });
    state.secondRunId = second.id;
    await waitUntil('the second run to finish', async () => (await api(`/api/runs/${second.id}`)).status === 'finished', 120);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await page.getByLabel('Tag').fill('second');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/tag=second/);
    await page.getByRole('link', { name: second.id.slice(0, 8) }).waitFor();
    await page.getByRole('link', { name: state.runId.slice(0, 8) }).waitFor({ state: 'detached' });
    await shot('history-filtered');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Project').selectOption(state.projectId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/projectId=/);
    await page.getByRole('link', { name: state.runId.slice(0, 8) }).waitFor();
    await page.getByLabel(`Compare run ${state.runId.slice(0, 8)}`).check();
    await page.getByLabel(`Compare run ${second.id.slice(0, 8)}`).check();
    await shot('history');
    await axe('run history');
    await page.getByRole('button', { name: 'Compare selected (2)' }).click();
    // the first ticked is the baseline
    await page.waitForURL((u) => u.pathname === '/compare' && u.search === `?runs=${state.runId},${second.id}&baseline=${state.runId}`);
    await page.getByRole('heading', { name: 'Compare runs', level: 1 }).waitFor();
    await page.locator('table.delta-table').waitFor();
    const names = await page.locator('table.delta-table tbody th[scope=row]').allTextContents();
    assert.ok(names.some((n) => n.startsWith('/items/[id]')), names.join(', '));
    assert.ok(names.some((n) => n.startsWith('Aggregated')));
    // a column per run, the baseline first, and the second run's regressions as the API counts them
    const heads = await page.locator('table.delta-table thead th').allTextContents();
    assert.deepEqual(heads.slice(2), [`${state.runId.slice(0, 8)} (baseline)`, second.id.slice(0, 8)]);
    const comparison = await api(`/api/runs/compare?runs=${state.runId},${second.id}`);
    const regressions = comparison.regressions[1];
    await page.getByRole('list', { name: 'Runs', exact: true })
      .getByText(regressions ? `${regressions} regression${regressions === 1 ? '' : 's'}` : 'no regression', { exact: true }).waitFor();
    // each run's time series over the other's
    await page.waitForFunction(() => document.querySelectorAll('.chart')[0]?.querySelectorAll('path.line').length === 2, null, { timeout: 30_000 });
    await shot('compare');
    await axe('compare');

    // the first run becomes the project's baseline: later runs are judged against it
    await page.goto(`${base}/runs/${state.runId}`);
    await page.getByRole('button', { name: 'Use as baseline' }).click();
    await page.getByText(/This run is the project.s baseline/).waitFor();
    const baseline = await api(`/api/projects/${state.projectId}/baseline`);
    assert.equal(baseline.run.id, state.runId);
    assert.deepEqual(baseline.tolerance, { relative: 0.1, absoluteMillis: 1, failRatioPoints: 0.005 });
    await shot('run-baseline');
    await axe('run (baseline)');

    // the project's trends: a chart per endpoint over both runs, the baseline marked, the runs listed
    await page.goto(`${base}/projects/${state.projectId}`);
    await page.getByRole('link', { name: 'Trends', exact: true }).click();
    await page.getByRole('heading', { name: 'Trends', level: 1 }).waitFor();
    await page.locator('figure.chart path.line').first().waitFor({ state: 'attached' });
    const titles = await page.locator('figure.chart figcaption').allTextContents();
    assert.equal(titles[0], 'Aggregated');
    assert.ok(titles.some((t) => t.endsWith('/items/[id]')), titles.join(', '));
    // a flat line has no height: attached, not visible
    await page.locator('figure.chart path.line.dashed').first().waitFor({ state: 'attached' });
    await page.getByRole('region', { name: 'Baseline', exact: true }).getByRole('link', { name: state.runId.slice(0, 8) }).waitFor();
    const listed = page.getByRole('table', { name: /runs in the charts/i });
    await listed.getByRole('link', { name: state.runId.slice(0, 8) }).waitFor();
    await listed.getByRole('link', { name: second.id.slice(0, 8) }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Compare these' }).getAttribute('href'),
      `/compare?runs=${state.runId},${second.id}&baseline=${state.runId}`);
    await shot('trends');
    await axe('trends');
  });

  step('settings: members, API tokens (shown once), integrations and usage', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Members', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Your accounts' }).waitFor();
    // invite someone (an address nobody signs in with), see the invitation, withdraw it
    const invitee = `e2e-${Date.now()}@example.com`;
    await page.getByLabel('E-mail address').fill(invitee);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('row', { name: new RegExp(invitee) }).waitFor();
    const people = await api('/api/members');
    assert.ok(people.invitations.some((i) => i.email === invitee && i.role === 'viewer'));
    await shot('settings-members');
    await page.getByRole('button', { name: `Withdraw invitation of ${invitee}` }).click();
    await page.getByRole('row', { name: new RegExp(invitee) }).waitFor({ state: 'detached' });
    await axe('settings: members');

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 2 }).waitFor();
    if (await page.getByTestId('not-available').count() === 0) {
      await page.getByLabel('Project').selectOption(state.projectId);
      await page.getByLabel('Token name').fill('console-e2e');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = await page.getByTestId('token-secret').textContent();
      assert.ok(secret.length > 20);
      // the token works for this project
      const r = await fetch(`${base}/api/runs?projectId=${state.projectId}`, { headers: { Authorization: `Bearer ${secret}` } });
      assert.equal(r.status, 200, await r.text());
      await page.getByRole('row', { name: /console-e2e/ }).waitFor();
      await shot('settings-token-created');
      await axe('settings: tokens');
      await page.getByRole('button', { name: 'I have stored it' }).click();
      await page.getByRole('button', { name: 'Revoke console-e2e' }).click();
      await page.getByRole('button', { name: 'Yes, revoke console-e2e' }).click();
      await page.getByText(/revoked/).first().waitFor();
      const after = await fetch(`${base}/api/runs?projectId=${state.projectId}`, { headers: { Authorization: `Bearer ${secret}` } });
      assert.equal(after.status, 401);
    }
    await shot('settings-tokens');

    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integrations', level: 2 }).waitFor();
    if (await page.getByTestId('not-available').count() === 0) {
      await page.getByLabel('Project').selectOption(state.projectId);
      const slack = page.getByTestId('integration-slack');
      await slack.getByText('Not set', { exact: true }).waitFor();
      await shot('settings-integrations');
      await axe('settings: integrations');
      // a Slack webhook at the recording server; its path is the secret
      const secret = `e2e${Date.now().toString(36)}Sekret`;
      const webhook = `${hook.url}/services/T0E2E/B0E2E/${secret}`;
      await slack.getByLabel('Slack webhook URL').fill(webhook);
      await slack.getByRole('button', { name: 'Set up Slack' }).click();
      const saved = slack.getByText('Slack settings saved.');
      await saved.or(slack.getByRole('alert')).first().waitFor();
      if (!(await saved.isVisible())) {
        const refusal = await slack.getByRole('alert').innerText();
        assert.ok(!INTEGRATIONS_REQUIRED, `the Slack integration was refused: ${refusal}`);
        // e.g. ./barrage up without BARRAGE_SECRETS_KEY, or without plain http to 127.0.0.1: the detail is shown
        assert.match(refusal, /The Slack settings were not saved \(HTTP \d+\)\n.+/);
        console.log(`[e2e] Slack integration refused by this control plane, not tested: ${refusal.replace(/\n/g, ' ')}`);
        await shot('settings-integrations-refused');
      } else {
        await slack.getByText('Set', { exact: true }).waitFor();
        await slack.getByText(`${hook.url}/…${secret.slice(-4)}`, { exact: true }).waitFor();
        // the secret is never shown back: not on the page, not in its fields, not in the API's answer
        assert.ok(!(await everythingShown()).includes(secret), 'the webhook URL is shown on the page');
        assert.ok(!(await page.content()).includes(secret), 'the webhook URL is in the page source');
        const view = await api(`/api/projects/${state.projectId}/integrations/slack`);
        assert.ok(!JSON.stringify(view).includes(secret), JSON.stringify(view));
        assert.equal(await slack.getByLabel('Slack webhook URL').inputValue(), '');
        await slack.getByText(/Leave empty to keep the current one/).waitFor();

        const before = hook.requests.length;
        await slack.getByRole('button', { name: 'Send test to Slack' }).click();
        await slack.getByText('The test reached Slack').waitFor();
        const received = await waitUntil('the test message at the recording server', async () => hook.requests.slice(before).find((r) => r.method === 'POST'), 10);
        assert.equal(received.path, `/services/T0E2E/B0E2E/${secret}`);
        assert.match(received.contentType, /^application\/json/);
        assert.match(JSON.parse(received.body).text, new RegExp(`results of project ${state.projectName}`));
        assert.ok(!(await everythingShown()).includes(secret));
        await shot('settings-integration-slack');
        await axe('settings: integrations (Slack set)');

        await slack.getByRole('button', { name: 'Remove the Slack integration' }).click();
        await slack.getByRole('button', { name: 'Yes, remove the Slack integration' }).click();
        await slack.getByText('Not set', { exact: true }).waitFor();
        const gone = await fetch(`${base}/api/projects/${state.projectId}/integrations/slack`, { headers: { Authorization: `Bearer ${token}` } });
        assert.equal(gone.status, 404);
        state.integrations = true;
      }
    } else {
      await shot('settings-integrations');
    }
    await page.getByRole('link', { name: 'Usage and plan' }).click();
    await page.getByRole('heading', { name: 'Usage and plan', level: 2 }).waitFor();
    await page.getByText('Plan', { exact: true }).first().waitFor();
    const usage = await api('/api/usage').catch(() => null);
    if (usage) {
      await page.getByTestId('usage-remaining').waitFor();
      await page.getByRole('link', { name: state.runId.slice(0, 8) }).waitFor();
    }
    await shot('settings-usage');
    await axe('settings: usage');
  });

  step('a run\'s notifications: none before, then what Slack was sent about a run', async (t) => {
    await page.goto(`${base}/runs/${state.runId}`);
    const tab = page.getByRole('tab', { name: 'Notifications' });
    await page.getByRole('tab', { name: 'Statistics' }).waitFor();
    if (await tab.count() === 0) {
      t.skip('this control plane lists no deliveries');
      return;
    }
    await tab.click();
    await page.getByText('No notifications about this run').waitFor();
    if (!state.integrations) {
      t.skip('integrations are not available on this control plane');
      return;
    }
    // Slack again, through the API, then a short run: its end is posted to the recording server
    const secret = `e2e${Date.now().toString(36)}Run`;
    await api(`/api/projects/${state.projectId}/integrations/slack`, {
      method: 'PUT', body: JSON.stringify({ webhookUrl: `${hook.url}/services/T0E2E/B0E2E/${secret}`, notifyOnStart: false }),
    });
    try {
      const version = (await api(`/api/runs/${state.runId}`)).scenarioVersionId;
      const run = await api(`/api/projects/${state.projectId}/runs`, {
        method: 'POST',
        body: JSON.stringify({ scenarioVersionId: version, host: target, users: 2, spawnRate: 2, duration: '3s', runners: 1, tags: ['console-e2e', 'notified'] }),
      });
      await waitUntil('the notified run to end', async () => ['finished', 'stopped', 'failed'].includes((await api(`/api/runs/${run.id}`)).status), 120);
      const delivered = await waitUntil('the Slack message to be delivered', async () => {
        const list = await api(`/api/runs/${run.id}/deliveries`);
        return list.find((d) => d.integration === 'slack' && d.status === 'delivered');
      }, 60);
      assert.ok(hook.requests.some((r) => r.path === `/services/T0E2E/B0E2E/${secret}` && r.body.includes(run.id.slice(0, 8))),
        'the recording server got the run\'s message');
      await page.goto(`${base}/runs/${run.id}`);
      await page.getByRole('tab', { name: 'Notifications' }).click();
      const row = page.locator('table.deliveries-table tbody tr').filter({ hasText: 'Slack' });
      await row.getByText('delivered').waitFor();
      await row.getByText(delivered.event).waitFor();
      assert.ok(!(await everythingShown()).includes(secret));
      await shot('run-notifications');
      await axe('run notifications');
    } finally {
      await api(`/api/projects/${state.projectId}/integrations/slack`, { method: 'DELETE' });
    }
  });

  step('a failed call shows the problem detail', async () => {
    await page.goto(`${base}/runs/00000000-0000-0000-0000-000000000000`);
    const alert = page.getByRole('alert');
    await alert.getByText('This run could not be loaded').waitFor();
    await alert.getByText(/does not exist, or is not yours/).waitFor();
    await shot('problem-detail');
  });

  step('phone width (390×844)', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await shot('phone-projects');
    await axe('projects (phone)');
    await page.goto(`${base}/projects/${state.projectId}/runs/new`);
    await page.getByRole('button', { name: 'Start run' }).waitFor();
    await shot('phone-start-run');
    await axe('start a run (phone)');
    await page.goto(`${base}/runs/${state.runId}`);
    await page.locator('table.stats-table tfoot').waitFor();
    await shot('phone-report');
    await axe('report (phone)');
    // the two-run page's address still works: a is the baseline
    await page.goto(`${base}/compare?a=${state.runId}&b=${state.secondRunId}`);
    await page.locator('table.delta-table').waitFor();
    await page.locator('table.delta-table thead').getByText('(baseline)').waitFor();
    await shot('phone-compare');
    await axe('compare (phone)');
    // nothing is wider than the screen but the tables, which scroll in their own region
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await page.goto(`${base}/projects/${state.projectId}/trends`);
    await page.locator('figure.chart path.line').first().waitFor({ state: 'attached' });
    await shot('phone-trends');
    await axe('trends (phone)');
    const trendsOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(trendsOverflow <= 0, `the trends page is ${trendsOverflow}px wider than the screen`);
    await page.setViewportSize(DESKTOP);
  });

  test('no Content-Security-Policy violation on any page', () => {
    assert.deepEqual(cspViolations, []);
  });

  test('a project without a baseline is an ordinary answer, not a 404 in the browser\'s console', () => {
    // the run pages visited before "Use as baseline" asked for the project's baseline
    assert.deepEqual(apiNotFound.filter((p) => p.endsWith('/baseline')), []);
  });

  step('sign out', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    await shot('signed-out');
    await axe('sign-in page');
  });
});
