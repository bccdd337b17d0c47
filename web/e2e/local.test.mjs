// The web UI of `barrage run` (the console's local mode) in Debian's Chromium driven by playwright-core, against a
// real runner and the demo target: start a run from the form, change the user count while it runs, stop, download the
// statistics CSV and check its counts against the demo target's own, reset; axe-core at desktop and phone widths.
// RUNNER_URL: the runner's web UI (barrage run -f ... without --headless); TARGET_URL: the demo target it tests.
// LocalWebUiEndToEndTest (runner-image/runner) starts both and runs this; screenshots go to $E2E_OUTPUT/screenshots.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ensureChromium, outputDir } from './setup.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const RUNNER = process.env.RUNNER_URL?.replace(/\/$/, '');
const TARGET = process.env.TARGET_URL?.replace(/\/$/, '');
// the runner's endpoint names and the demo target's routes for the same requests (e2e scenario: Counted.java)
const ROUTE_OF = {
  'POST /login': 'POST /login', 'GET /fast': 'GET /fast', 'GET /items/[id]': 'GET /items/{id}',
  'GET /flaky': 'GET /flaky', 'GET /slow': 'GET /slow',
};

let browser;
let page;
let shots = 0;
const axeFindings = [];

async function shot(name) {
  await page.screenshot({ path: join(outputDir('screenshots'), `${String(++shots).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function axe(label) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  axeFindings.push({ page: label, viewport: page.viewportSize(), violations: result });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: serious accessibility violations:\n${JSON.stringify(bad, null, 2)}`);
}

function parseCsv(text) {
  const lines = text.trim().split(/\r?\n/);
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i], v])));
}

const status = () => page.getByTestId('status');

describe('barrage run web UI', { timeout: 5 * 60_000 }, () => {
  before(async () => {
    assert.ok(RUNNER && TARGET, 'set RUNNER_URL (a barrage run web UI) and TARGET_URL (the demo target it tests)');
    browser = await chromium.launch({
      executablePath: ensureChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run',
        '--disable-component-update', '--disable-sync', '--disable-quic'],
    });
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, locale: 'en-US' });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    page.on('pageerror', (e) => console.log(`[browser] uncaught: ${e.message}`));
  });

  after(async () => {
    writeFileSync(join(outputDir(), 'axe-results.json'), JSON.stringify(axeFindings, null, 2));
    await browser?.close();
  });

  test('start from the form, change the users, stop, download the CSV: its counts are the target\'s', async () => {
    await fetch(`${TARGET}/admin/reset`, { method: 'POST' });
    await page.goto(RUNNER);
    await page.getByRole('heading', { name: 'Counted.java' }).waitFor();
    assert.equal(await page.getByLabel('Host').inputValue(), TARGET, 'the form is pre-filled from -H');
    await axe('ready');
    await page.getByLabel('Number of users (peak concurrency)').fill('4');
    await page.getByLabel('Spawn rate (users started/second)').fill('20');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Update users' }).waitFor();
    await status().filter({ hasText: '4 users' }).waitFor();
    await page.getByRole('table', { name: /Statistics so far/ }).getByText('/flaky').waitFor();
    await shot('running');
    await axe('running');

    await page.getByLabel('Number of users (peak concurrency)').fill('2');
    await page.getByRole('button', { name: 'Update users' }).click();
    await status().filter({ hasText: '2 users' }).waitFor();

    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.getByText('Total requests per second').waitFor();
    await shot('charts');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    await page.getByTestId('run-1').waitFor();

    await page.getByRole('tab', { name: 'Download data' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Statistics CSV' }).click(),
    ]);
    const file = join(outputDir('downloads'), download.suggestedFilename());
    await download.saveAs(file);
    const rows = parseCsv(readFileSync(file, 'utf8'));
    const counts = await (await fetch(`${TARGET}/admin/counts`)).json();
    let total = 0;
    for (const [endpoint, route] of Object.entries(ROUTE_OF)) {
      const r = rows.find((x) => `${x.Type} ${x.Name}` === endpoint);
      assert.ok(r, `${endpoint} in the CSV`);
      assert.equal(Number(r['Request Count']), counts[route], `${endpoint}: the CSV against the target's count`);
      total += Number(r['Request Count']);
    }
    assert.equal(Number(rows.find((x) => x.Name === 'Aggregated')['Request Count']), total);
    assert.equal(counts['POST /login'], 4, 'one login per user started');
    const run1 = await page.getByTestId('run-1').textContent();
    assert.ok(run1.includes(total.toLocaleString('en-US')), `the runs table shows ${total} requests: ${run1}`);
    await shot('stopped');
    await axe('stopped, downloads');

    await page.setViewportSize(PHONE);
    await page.getByRole('tab', { name: 'Statistics' }).click();
    await shot('phone');
    await axe('phone');
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Reset statistics' }).click();
    await page.getByText('No statistics yet').waitFor();
  });
});
