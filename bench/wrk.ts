import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load.ts';

/** Volunteers signed in on their phones: the session cookie and its CSRF token. */
export interface Phone {
  cookie: string;
  csrf: string;
}

/**
 * Drives a URL with wrk (Debian's package; `npm run bench` installs it) from one thread of its own
 * process. A load generator in C costs a fraction of the CPU a Node one does, so on a small
 * machine the server, not the generator, is what is measured. With `checkins`, each request is a
 * check-in (bench/wrk.lua): a volunteer picked at random, their session, a fresh key.
 */
export async function wrk(
  url: string,
  options: {
    seconds: number;
    connections: number;
    checkins?: { phones: Phone[]; token: string };
    /** Another request script under bench/ (its own WRK_* environment), e.g. wrk-requests.lua. */
    script?: { file: string; env: Record<string, string> };
  },
): Promise<LoadResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.script?.env };
  // The sessions go in a file only this user reads, not in the command line.
  const dir = options.checkins && mkdtempSync(path.join(os.tmpdir(), 'volunet-wrk-'));
  if (options.checkins && dir) {
    const file = path.join(dir, 'sessions.tsv');
    writeFileSync(file, options.checkins.phones.map((p) => `${p.cookie}\t${p.csrf}\n`).join(''), { mode: 0o600 });
    Object.assign(env, { WRK_SESSIONS: file, WRK_TOKEN: options.checkins.token, WRK_RUN: randomUUID() });
  }
  const args = ['-t', '1', '-c', String(options.connections), '-d', `${options.seconds}s`, '--timeout', '10s'];
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', [...args, '-s', path.resolve('bench', options.script?.file ?? 'wrk.lua'), url], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}`))));
    });
    const line = out.split('\n').findLast((l) => l.startsWith('{'));
    if (!line) throw new Error(`wrk printed no report:\n${out}`);
    const r = JSON.parse(line) as {
      requests: number;
      durationUs: number;
      p50Us: number;
      p95Us: number;
      p99Us: number;
      non2xx: number;
      errors: number;
    };
    return {
      requestsPerSecond: r.requests / (r.durationUs / 1e6),
      p50Ms: Math.round(r.p50Us / 100) / 10,
      p95Ms: Math.round(r.p95Us / 100) / 10,
      p99Ms: Math.round(r.p99Us / 100) / 10,
      non2xx: r.non2xx,
      errors: r.errors,
    };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
