import { expect } from 'vitest';
import type { Session } from '../factories.ts';

/** The import routes as the web app drives them, for the import module's tests. */

// Each test imports people of its own communities, so tests never see each other's records.
export const community = (n: number) => `330106${String(100 + n).padStart(3, '0')}001`;

export function send(session: Session, source: string, fileName: string, content: Buffer) {
  return session.request({
    method: 'POST',
    url: `/api/imports?source=${source}&fileName=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: content,
  });
}

/** The job once its background preview has ended (previewed or failed). */
export async function previewed(session: Session, id: string) {
  for (let i = 0; i < 600; i++) {
    const job = (await session.request({ url: `/api/imports/${id}` })).json();
    if (job.status !== 'previewing') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('preview did not finish');
}

/** Upload and wait for the preview: the answer as a response whose JSON is the previewed job (or the refusal). */
export async function upload(session: Session, source: string, fileName: string, content: Buffer) {
  const response = await send(session, source, fileName, content);
  if (response.statusCode !== 201) return response;
  const job = await previewed(session, response.json().id);
  return { statusCode: 201, body: JSON.stringify(job), json: () => job };
}

export async function runToEnd(session: Session, id: string, body: Record<string, unknown> = {}) {
  const started = await session.request({ method: 'POST', url: `/api/imports/${id}/start`, payload: body });
  expect(started.statusCode, started.body).toBe(200);
  for (let i = 0; i < 300; i++) {
    const job = (await session.request({ url: `/api/imports/${id}` })).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

export const csvOf = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
