import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.ts';

/** What a server may hold in memory and must forget when it is revoked anywhere. */
export type InvalidationTopic = 'session' | 'account' | 'device';

/** The PostgreSQL channel revocations are sent on. */
export const INVALIDATION_CHANNEL = 'volunet_invalidate';

interface Message {
  /** The sending server, which has applied the message already. */
  from: string;
  topic: InvalidationTopic;
  key: string;
}

type Handler = (key: string) => void;
interface Log {
  warn(object: object, message: string): void;
}

/**
 * Revocations reaching every server at once. Servers keep sessions and card-reader keys in
 * memory for a few seconds; a revocation (sign-out, an account disabled or its roles changed, a
 * key revoked) is applied on the server that made it and sent to the others with PostgreSQL's
 * NOTIFY, which each server LISTENs to. The caches' time to live stays as the fallback for a
 * message lost while a server's listening connection was down (then it forgets everything).
 */
export class Invalidations {
  private readonly id = randomUUID();
  private readonly handlers = new Map<InvalidationTopic, Set<Handler>>();
  private readonly gapHandlers = new Set<() => void>();
  private stop: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Executor,
    private readonly log: Log,
  ) {}

  /** Calls `handler` with the key of every revocation of `topic`; answers a function that stops it. */
  on(topic: InvalidationTopic, handler: Handler): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Calls `handler` when revocations may have been missed: forget everything. */
  onGap(handler: () => void) {
    this.gapHandlers.add(handler);
  }

  /** Applies a revocation on this server at once and sends it to every other one. Never throws. */
  async publish(topic: InvalidationTopic, key: string): Promise<void> {
    this.deliver(topic, key);
    const message: Message = { from: this.id, topic, key };
    try {
      await this.db.execute(sql`select pg_notify(${INVALIDATION_CHANNEL}, ${JSON.stringify(message)})`);
    } catch (err) {
      // The others fall back on their caches' time to live.
      this.log.warn({ err, topic }, 'revocation not sent to other servers');
    }
  }

  /** Starts hearing the other servers' revocations. */
  async listen(database: Database) {
    this.stop = await database.listen(
      INVALIDATION_CHANNEL,
      (payload) => this.receive(payload),
      () => {
        for (const handler of this.gapHandlers) handler();
      },
    );
  }

  async close() {
    await this.stop?.();
    this.stop = undefined;
  }

  private receive(payload: string) {
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (message.from !== this.id) this.deliver(message.topic, message.key);
  }

  private deliver(topic: InvalidationTopic, key: string) {
    for (const handler of this.handlers.get(topic) ?? []) handler(key);
  }
}
