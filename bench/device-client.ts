// A card reader in its own process (as on the street): uploads batches one after another and
// prints how long the measured ones took. Run by attendance.bench.ts, given what it needs on stdin.
import http from 'node:http';
import { clientOptions } from './client-options.ts';

/** One kept-alive connection, as a reader holds one: node's own client, lighter than fetch. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const { url, key, cards, batch, warm, measured, prefix } = await clientOptions<{
  url: string;
  key: string;
  cards: string[];
  batch: number;
  warm: number;
  measured: number;
  prefix: string;
}>();

const events = (b: number) =>
  Array.from({ length: batch }, (_, i) => ({
    id: `${prefix}${b}-${i}`,
    card: cards[(b * batch + i) % cards.length],
    at: new Date(Date.now() - 30 * 60_000 + i * 1000).toISOString(),
    kind: 'in' as const,
  }));

/** A reader keeps its events until they are sent: each batch's JSON is ready before the clock starts. */
const bodies = Array.from({ length: warm + measured }, (_, b) => JSON.stringify({ events: events(b) }));

function upload(b: number): Promise<void> {
  const body = bodies[b];
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-device-key': key },
      },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          answer += chunk;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`device upload answered ${res.statusCode}: ${answer}`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

for (let b = 0; b < warm; b++) await upload(b);
const start = process.hrtime.bigint();
for (let b = warm; b < warm + measured; b++) await upload(b);
process.stdout.write(JSON.stringify({ seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
agent.destroy();
