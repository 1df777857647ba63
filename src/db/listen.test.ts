import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.ts';
import type { Database } from './client.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const notify = (channel: string, payload: string) => database.db.execute(sql`select pg_notify(${channel}, ${payload})`);

/** The next payload `listen` hands over on `channel`, and a function that stops listening. */
async function nextOn(channel: string, onGap?: () => void) {
  const received: string[] = [];
  let wake: () => void = () => {};
  const stop = await database.listen(
    channel,
    (payload) => {
      received.push(payload);
      wake();
    },
    onGap,
  );
  const next = () =>
    received.length ? Promise.resolve(received.shift()) : new Promise<void>((r) => (wake = r)).then(() => received.shift());
  return { next, stop };
}

describe('listening to notifications', () => {
  it('hands every NOTIFY of a channel to each of its listeners, once committed, until they stop', async () => {
    const first = await nextOn('test_a');
    const second = await nextOn('test_a');
    const other = await nextOn('test_b');
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('test_a', 'one')`);
    });
    expect(await first.next()).toBe('one');
    expect(await second.next()).toBe('one');
    await second.stop();
    await notify('test_a', 'two');
    await notify('test_b', 'three');
    expect(await first.next()).toBe('two');
    expect(await other.next()).toBe('three');
    await first.stop();
    await other.stop();
  });

  it('listens again when its connection is lost, and says that messages may have been missed', async () => {
    let gap: () => void = () => {};
    const gapped = new Promise<void>((r) => (gap = r));
    const listener = await nextOn('test_c', () => gap());
    if (database.kind === 'postgres') {
      // An administrator (or a failover) ends the listening connection.
      await database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`,
      );
      await gapped;
    }
    await notify('test_c', 'after');
    expect(await listener.next()).toBe('after');
    await listener.stop();
  });
});
