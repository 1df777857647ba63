import type { Db } from '../../db/client.ts';
import { ESCALATION_LEVELS } from '../../domain/requests/catalog.ts';
import { QUEUES, type QueueWorker } from '../../platform/jobs.ts';
import * as q from './requests.queries.ts';
import { dueTimes } from './requests.service.ts';

/**
 * An overdue request (not triaged by its triage time, not assigned by its assign time) climbs one
 * office level: community → street → district → city, with new due times from the city's SLA so it
 * climbs again only if the next office lets it lie too. The step takes its clock: tests never wait.
 */
export async function escalateOverdue(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const overdue = await q.overdueRequests(tx, now);
    for (const r of overdue) {
      const level = r.escalationLevel + 1;
      const due = await dueTimes(tx, r.urgency, now);
      await q.updateRequest(tx, r.id, {
        escalationLevel: level,
        escalatedAt: now,
        // Only the step that was late gets a new time; the other keeps its own.
        triageDueAt: r.status === 'new' ? due.triageDueAt : r.triageDueAt,
        assignDueAt: due.assignDueAt,
      });
      await q.insertEvents(tx, [
        {
          requestId: r.id,
          kind: 'escalated',
          params: { level, office: ESCALATION_LEVELS[level], step: r.status === 'new' ? 'triage' : 'assign' },
          at: now,
        },
      ]);
    }
    return overdue.length;
  });
}

export const requestWorkers: QueueWorker[] = [
  { queue: QUEUES.requestEscalation, cron: '* * * * *', handle: async (app) => void (await escalateOverdue(app.db)) },
];
