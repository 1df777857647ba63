// Volunteers checking in with their phones, in a process of their own (as phones are): autocannon
// keeps `connections` requests in flight, each from a volunteer picked at random with their own
// session and a fresh idempotency key. Run by attendance.bench.ts; prints a LoadResult as JSON.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { clientOptions } from './client-options.ts';
import { loadResult } from './load.ts';

const { url, seconds, connections, volunteers, token } = await clientOptions<{
  url: string;
  seconds: number;
  connections: number;
  volunteers: { cookie: string; csrf: string }[];
  token: string;
}>();

const result = await autocannon({
  url,
  duration: seconds,
  connections,
  requests: [
    {
      method: 'POST',
      setupRequest: (request: autocannon.Request) => {
        const v = volunteers[Math.floor(Math.random() * volunteers.length)];
        request.headers = { 'content-type': 'application/json', cookie: v.cookie, 'x-csrf-token': v.csrf };
        // No kind: each check-in toggles, so volunteers check in and out and records are paired.
        request.body = JSON.stringify({ token, key: `bench-${randomUUID()}` });
        return request;
      },
    },
  ],
});
process.stdout.write(JSON.stringify(loadResult(result)));
