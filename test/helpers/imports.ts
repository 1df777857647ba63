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

/** GBK bytes of a text: Node has no GBK encoder, so they come from a decoder's inverse (iconv-free). */
export const gbk = (text: string) => {
  const encoder = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) encoder.set(decoder.decode(Uint8Array.from([hi, lo])), [hi, lo]);
  for (let hi = 0xa1; hi <= 0xa9; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++)
      if (!encoder.has(decoder.decode(Uint8Array.from([hi, lo])))) encoder.set(decoder.decode(Uint8Array.from([hi, lo])), [hi, lo]);
  return Buffer.from([...text].flatMap((c) => (c.charCodeAt(0) < 128 ? [c.charCodeAt(0)] : (encoder.get(c) ?? [0x3f]))));
};
