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
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
}
