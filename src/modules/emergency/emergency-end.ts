import type { Db, Executor } from '../../db/client.ts';
import type { CallStatus } from '../../domain/emergency/call-rules.ts';
import { QUEUES, type QueueWorker } from '../../platform/jobs.ts';
import { endActivities } from '../activities/index.ts';
import { EMERGENCY_NOTICES } from '../notices/index.ts';
import * as q from './emergency.queries.ts';

/** How a call ends: closed (the call-out is over; the accepted still serve) or cancelled (the duty is off). */
export const isLive = (status: CallStatus) => status === 'open' || status === 'full';

/**
 * Ends a locked, live call: whoever had not answered, and the standby list, are told and let go.
 * Closing keeps the shift (the accepted volunteers serve and check in as planned); cancelling ends
 * it the usual way, so their enrollments end with the reason and they are told.
 * Answers how many were told.
 */
export async function endCall(tx: Executor, call: q.CallRow, to: 'closed' | 'cancelled', now: Date, reason = '') {
  const told = await q.insertNotices(tx, call.id, ['notified', 'standby'], EMERGENCY_NOTICES.emergencyClosed, {
    callId: call.id,
    title: call.title,
  });
  await q.releaseWaiting(tx, call.id);
  if (to === 'cancelled' && call.activityId) await endActivities(tx, [call.activityId], call.title, reason);
  await q.updateCall(tx, call.id, { status: to, closedAt: now });
  return told;
}

/**
 * Calls whose end time has passed close themselves, as if the office had closed them: the ones
 * still waiting are told. Each in its own transaction under the call's lock (an answer in flight
 * is taken first, or refused). Takes its clock: tests never wait. Answers how many it closed.
 */
export async function closeExpired(db: Db, now = new Date()): Promise<number> {
  let closed = 0;
  for (const { id } of await q.expiredCalls(db, now)) {
    await db.transaction(async (tx) => {
      const call = await q.lockCall(tx, id);
      if (!call || !isLive(call.status) || call.endsAt > now) return;
      await endCall(tx, call, 'closed', now);
      closed++;
    });
  }
  return closed;
}

export const emergencyWorkers: QueueWorker[] = [
  { queue: QUEUES.emergencyExpiry, cron: '* * * * *', handle: async (app) => void (await closeExpired(app.db)) },
];
