import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { createTestApp } from './helpers/app.ts';

/**
 * The OpenAPI document as a school or a credit agency gets it: fetched from the server, linted by
 * Redocly, turned into a client by openapi-typescript, and that client compiled by strict TypeScript.
 * Each tool starts once (they are slow to start); the tests read what they said.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const COMMITTED_TYPES = path.join(root, 'src', 'contract', 'api.d.ts');

interface Outcome {
  ok: boolean;
  stdout: string;
  /** Both streams, to show when it failed. */
  output: string;
}
const outcome = (work: Promise<{ stdout: string; stderr: string }>): Promise<Outcome> =>
  work.then(
    ({ stdout, stderr }) => ({ ok: true, stdout, output: stdout + stderr }),
    (err: { stdout?: string; stderr?: string; message: string }) => ({
      ok: false,
      stdout: err.stdout ?? '',
      output: `${err.stdout ?? ''}${err.stderr ?? ''}${err.message}`,
    }),
  );

/** A client an outsider might write: openapi-fetch-style calls typed by `paths`, and named schemas. */
const CLIENT = `
import type { components, paths } from './api';

type Schemas = components['schemas'];
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Answer<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: infer R }
  ? Json<R[Extract<keyof R, 200 | 201>]>
  : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P][M] extends { requestBody?: infer B } ? Json<B> : never;

async function call<P extends keyof paths, M extends 'get' | 'post'>(method: M, url: P, body?: unknown): Promise<Answer<P, M>> {
  const response = await fetch(url, { method: method.toUpperCase(), body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as Answer<P, M>;
}

export async function verifyMany(codes: string[]): Promise<Schemas['CertificateVerification'][]> {
  const request: Body<'/api/verify', 'post'> = { codes };
  const answers = await call('post', '/api/verify', request);
  for (const answer of answers) {
    const result: 'valid' | 'superseded' | 'revoked' | 'malformed' | 'unknown' | 'forged' = answer.result;
    const hours: number | undefined = answer.facts?.totalHours;
    const organizations: string[] | undefined = answer.facts?.organizations.map((o) => o.name);
    void [result, hours, organizations];
    // @ts-expect-error: the answer is typed, not any
    void answer.notAField;
  }
  return answers;
}

export async function signIn(login: string, password: string): Promise<string[]> {
  const request: Schemas['SignIn'] = { login, password };
  const me: Schemas['Me'] = await call('post', '/api/auth/sign-in', request);
  return me.grants.map((grant: Schemas['Grant']) => grant.role);
}

export async function communities(parent: string): Promise<{ code: string; population: number }[]> {
  const page = await call('get', '/api/areas');
  void parent;
  return page.items.map((area) => ({ code: area.code, population: area.population }));
}
`;

let dir: string;
let documentText: string;
let lint: Outcome;
let generated: Outcome;
let compiled: Outcome;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'volunet-contract-'));
  const t = await createTestApp();
  try {
    // Another app built in the same process (tests build many) must leave this one's schemas alone.
    await (await buildApp({ database: t.database, config: t.config, logger: false, serveWeb: false })).close();
    const response = await t.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode, response.body).toBe(200);
    documentText = response.body;
  } finally {
    await t.close();
  }
  writeFileSync(path.join(dir, 'openapi.json'), documentText);
  writeFileSync(path.join(dir, 'client.ts'), CLIENT);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] },
      files: ['client.ts'],
    }),
  );
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };
  const options = { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 };
  const lintConfig = path.join(root, 'redocly.yaml');
  [lint, generated] = await Promise.all([
    outcome(run(bin('redocly'), ['lint', 'openapi.json', '--config', lintConfig, '--format', 'json', '--max-problems', '1000'], options)),
    outcome(run(bin('openapi-typescript'), ['openapi.json', '--output', 'api.d.ts'], options)),
  ]);
  compiled = generated.ok ? await outcome(run(bin('tsc'), ['-p', 'tsconfig.json', '--strict', '--noEmit'], options)) : generated;
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the published OpenAPI document', () => {
  it('carries every schema it refers to', () => {
    const document = JSON.parse(documentText);
    const refs = new Set([...documentText.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]));
    expect(refs.size).toBeGreaterThan(50);
    expect([...refs].filter((name) => !document.components?.schemas?.[name])).toEqual([]);
  });

  it('has no error under Redocly’s recommended rules', () => {
    expect(lint.stdout, lint.output).toMatch(/^\s*\{/);
    const report = JSON.parse(lint.stdout);
    const errors = (report.problems as { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[])
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('gives a generated client that compiles under strict TypeScript', () => {
    expect(generated.ok, generated.output).toBe(true);
    expect(compiled.ok, compiled.output).toBe(true);
  });

  it('is the one the committed API types were generated from (else run `npm run contract`)', () => {
    expect(generated.ok, generated.output).toBe(true);
    const fresh = readFileSync(path.join(dir, 'api.d.ts'), 'utf8');
    expect(readFileSync(COMMITTED_TYPES, 'utf8') === fresh, 'src/contract/api.d.ts is out of date: run `npm run contract`').toBe(true);
  });
});
