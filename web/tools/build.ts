// `npm run build:web` builds the web app into web/dist; `npm start` (prestart) does the same
// only when web/dist is missing or older than a file under web/ or vite.config.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'web');
const index = join(web, 'dist', 'index.html');

function newest(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const full = join(dir, name);
    const s = statSync(full);
    n = Math.max(n, s.isDirectory() ? newest(full) : s.mtimeMs);
  }
  return n;
}

export function webIsStale(): boolean {
  if (!existsSync(index)) return true;
  return statSync(index).mtimeMs < Math.max(newest(web), statSync(join(root, 'vite.config.ts')).mtimeMs);
}

export function buildWeb(): void {
  // NODE_ENV from a test runner ("test") would make Vite bundle React's development build.
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !webIsStale()) {
    console.log('Web-App ist aktuell (web/dist).');
  } else {
    console.log('Baue die Web-App nach web/dist …');
    buildWeb();
  }
}
