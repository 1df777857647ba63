import { spawn } from 'node:child_process';
import path from 'node:path';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Only where the generator reports it (wrk). */
  p95Ms?: number;
  non2xx: number;
  errors: number;
}

/** Drives a URL with autocannon in a separate process, so load generation does not share the server's event loop. */
export function load(
  url: string,
  options: {
    seconds: number;
    connections: number;
    headers?: Record<string, string>;
    method?: 'GET' | 'POST';
    /** A request body; `[<id>]` in it becomes a fresh random id in every request. */
    body?: string;
  },
): Promise<LoadResult> {
  const bin = path.resolve('node_modules/.bin/autocannon');
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const bodyArgs = options.body ? ['-m', options.method ?? 'POST', '-b', options.body, '-I'] : [];
  const args = ['--json', '-d', String(options.seconds), '-c', String(options.connections), ...headerArgs, ...bodyArgs, url];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      resolve(loadResult(JSON.parse(out)));
    });
  });
}

/** What the benches keep of an autocannon result (its CLI's JSON, or its API's answer). */
export function loadResult(r: {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}): LoadResult {
  return { requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

/** The middle value (the upper one of an even count). */
export const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The run with the median throughput. */
export function median(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(results.length / 2)];
}

/** Runs a bench client (a .ts file under bench/) in its own process with the options given; answers what it printed. */
export function client<T>(file: string, options: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench', file)], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(options));
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${file} exited with ${code}`))));
  });
}
