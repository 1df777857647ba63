#!/usr/bin/env node
// The entry of `npm start`, `npm test` and `npm run bench` on a machine that has only Node and
// npm: installs what is missing (npm packages; for tests Debian packages through apt-get),
// builds the web app when its sources changed, then runs the real command. No dependencies.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`[volunet] ${line}\n`);

function run(command, args, options = {}, onFailure = () => {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    onFailure();
    say(`failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

/** The browser journeys' record of what failed pages showed (test/e2e/browser.ts), repeated at the output's end. */
const FAILED_PAGES = path.join(root, 'test-results', 'failed-pages.txt');
function repeatFailedPages() {
  if (!existsSync(FAILED_PAGES)) return;
  say('what the pages of the failed journeys showed:');
  process.stdout.write(readFileSync(FAILED_PAGES, 'utf8').slice(0, 12_000));
}

function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.volunet-lock-hash');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  say('installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, hash);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function ensureWebBuild() {
  const built = path.join(root, 'dist', 'web', 'index.html');
  const sources = Math.max(newestMtime(path.join(root, 'web')), statSync(path.join(root, 'vite.config.ts')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  say('building the web app…');
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
}

const isInstalled = (pkg) =>
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');

/** Installs the Debian packages missing of those given (through sudo when not root). */
function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  say(`installing Debian packages: ${missing.join(' ')}…`);
  const apt = (args) => (asRoot.length ? run(asRoot[0], [...asRoot.slice(1), 'apt-get', ...args]) : run('apt-get', args));
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

const TEST_PACKAGES = ['chromium', 'fonts-wqy-microhei', 'poppler-utils'];
/** wrk drives the HTTP benchmarks: a load generator in C leaves the two cores to the server. */
const BENCH_PACKAGES = ['wrk'];

const command = process.argv[2];
ensureNodeModules();
switch (command) {
  case 'install':
    break;
  case 'start':
    ensureWebBuild();
    run('node', ['bin/volunet.mjs', 'serve', ...process.argv.slice(3)]);
    break;
  case 'test':
    ensureDebianPackages(TEST_PACKAGES);
    ensureWebBuild();
    // CI runs the suite twice (PGlite, then the server): the code is the same, so it is checked once.
    if (process.env.VOLUNET_CHECKED !== '1') {
      say('lint (biome)…');
      run('npx', ['biome', 'check', '--error-on-warnings', '.']);
      say('typecheck (tsc)…');
      run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
      say('import rules (dependency-cruiser)…');
      run('npm', ['run', '--silent', 'lint:deps']);
      run('node', ['scripts/architecture-graph.mjs', '--check']);
    }
    say(`tests on ${process.env.DATABASE_URL ? 'the PostgreSQL server' : 'embedded PGlite'}…`);
    // Unit and module tests first, then the browser journeys on their own: a journey that shared
    // the two cores with the module tests' worker threads could time out on a busy machine.
    rmSync(FAILED_PAGES, { force: true });
    if (process.argv.length > 3) run('npx', ['vitest', 'run', ...process.argv.slice(3)], {}, repeatFailedPages);
    else {
      run('npx', ['vitest', 'run', '--project', 'unit']);
      run('npx', ['vitest', 'run', '--project', 'e2e'], {}, repeatFailedPages);
    }
    break;
  case 'bench':
    ensureDebianPackages(BENCH_PACKAGES);
    run('npx', ['tsx', 'bench/run.ts', ...process.argv.slice(3)]);
    break;
  default:
    say(`unknown command ${command}; use install, start, test or bench`);
    process.exit(2);
}
