// `npm ci`, skipped when node_modules already holds exactly what package-lock.json says (npm records what it
// installed in node_modules/.package-lock.json): a Maven build that runs again does not reinstall everything.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

/** name -> version of what a lock file lists, leaving out optional packages (other platforms' binaries). */
function packages(file) {
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const out = {};
  for (const [path, meta] of Object.entries(lock.packages ?? {})) {
    if (path.startsWith('node_modules/') && !meta.optional) out[path] = meta.version;
  }
  return out;
}

function upToDate() {
  if (!existsSync(installed)) return false;
  const a = packages(wanted);
  const b = packages(installed);
  return Object.keys(a).every((k) => a[k] === b[k]);
}

if (upToDate() && !process.argv.includes('--force')) {
  console.log('[web] node_modules matches package-lock.json; npm ci skipped');
} else {
  console.log('[web] npm ci');
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
  } catch (e) {
    // The registry this project can reach leaves other platforms' optional packages (rollup's native builds) out of
    // the lock file, and npm 11's `npm ci` then refuses it as out of sync. `npm install` installs the same locked
    // versions and tolerates that; --no-save keeps it from rewriting package-lock.json (a build never changes a
    // tracked file).
    console.log('[web] npm ci refused the lock file; npm install --no-save with the same locked versions instead');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
  }
}
