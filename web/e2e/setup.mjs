// What the end-to-end tests need, started through the project's own scripts when not given:
//   BASE_URL    the control plane serving the console (default: `./barrage up`, then http://127.0.0.1:18090)
//   TARGET_URL  the system under load (default: `./barrage demo-target` on a free port)
//   E2E_OUTPUT  where screenshots and downloads go (default: web/target/e2e)
//   CHROMIUM    the browser (default: /usr/bin/chromium, installed with apt-get when missing and running as root)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(WEB, '..');
export const OUTPUT = resolve(process.env.E2E_OUTPUT ?? join(WEB, 'target', 'e2e'));

const started = [];

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitFor(url, seconds) {
  const until = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${seconds} s (${last})`);
}

export function ensureChromium() {
  const path = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() === 0 && path === '/usr/bin/chromium') {
    log('installing Debian\'s chromium with apt-get (first run on this machine)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
    } catch {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
    }
    if (existsSync(path)) return path;
  }
  throw new Error(`no Chromium at ${path}: install Debian's package (apt-get install chromium) or set CHROMIUM`);
}

export async function platform() {
  if (process.env.BASE_URL) return process.env.BASE_URL.replace(/\/$/, '');
  log('BASE_URL not set: starting the platform with ./barrage up');
  execFileSync(join(ROOT, 'barrage'), ['up'], { stdio: 'inherit', cwd: ROOT });
  const url = `http://127.0.0.1:${process.env.BARRAGE_HTTP_PORT ?? 18090}`;
  await waitFor(`${url}/health/ready`, 180);
  return url;
}

export async function demoTarget() {
  if (process.env.TARGET_URL) return process.env.TARGET_URL.replace(/\/$/, '');
  const port = await freePort();
  log(`TARGET_URL not set: starting ./barrage demo-target --port ${port}`);
  const child = spawn(join(ROOT, 'barrage'), ['demo-target', '--port', String(port)], {
    cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true,
  });
  started.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/fast`, 300);
  return url;
}

/** Stops what this file started (the demo target; the platform stays up, as ./barrage up leaves it). */
export function teardown() {
  for (const child of started) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export function outputDir(...parts) {
  const dir = join(OUTPUT, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A token for the same person the browser signs in as, through the CLI client's password grant, for API checks. */
export async function apiToken(authority, username, password) {
  const r = await fetch(`${authority}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'barrage-cli', username, password, scope: 'openid' }),
  });
  if (!r.ok) throw new Error(`Keycloak refused a token for ${username}: ${r.status} ${await r.text()}`);
  return (await r.json()).access_token;
}
