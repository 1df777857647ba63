// A client of bench/import-responsiveness.bench.ts, in its own process so a busy server cannot
// delay the sampling itself: asks GET <url> every INTERVAL ms (each request on its own, so a
// blocked server shows in every request waiting on it) and times each answer. Lines on stdin name
// the phase the samples belong to; "end" prints the latencies of each phase as JSON and exits.
import http from 'node:http';
import { createInterface } from 'node:readline';

const url = process.argv[2];
const INTERVAL_MS = Number(process.argv[3] ?? 50);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const samples: Record<string, number[]> = {};
let phase = '';
let failures = 0;

function sample() {
  if (!phase) return;
  const into = phase;
  const started = performance.now();
  http
    .get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) failures++;
        const list = samples[into] ?? [];
        list.push(performance.now() - started);
        samples[into] = list;
      });
    })
    .on('error', () => failures++);
}

const timer = setInterval(sample, INTERVAL_MS);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'end') break;
  phase = line;
}
clearInterval(timer);
// Answers still on their way are waited for: a long one is the figure that matters.
await new Promise((r) => setTimeout(r, 2000));
agent.destroy();
process.stdout.write(JSON.stringify({ samples, failures }), () => process.exit(0));
