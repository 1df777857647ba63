import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { beneficiaries, requestEvents, serviceRequests } from '../../src/db/schema.ts';
import type { RequestStatus } from '../../src/domain/requests/catalog.ts';
import { blindIndex, seal } from '../../src/platform/pii.ts';

/**
 * Beneficiaries and requests written straight into the tables, for the reports and KPIs over them
 * (independent of the requests and beneficiaries modules' own write paths).
 */
let seq = 0;

export async function insertBeneficiary(
  db: Db,
  config: Config,
  b: { name: string; areaCode: string; createdAt?: Date; status?: 'active' | 'inactive' },
): Promise<string> {
  seq += 1;
  const phone = `1390000${String(seq).padStart(4, '0')}`;
  const sealed = seal(config.piiKeys, phone);
  const [row] = await db
    .insert(beneficiaries)
    .values({
      name: b.name,
      kind: 'elderly_alone',
      areaCode: b.areaCode,
      phoneCipher: sealed.cipher,
      phoneKeyVersion: sealed.keyVersion,
      phoneIndex: blindIndex(config.piiKeys, 'phone', phone),
      phoneMasked: `139****${phone.slice(-4)}`,
      consentAt: b.createdAt ?? new Date('2026-01-01T00:00:00Z'),
      consentBy: 'self',
      status: b.status ?? 'active',
      createdAt: b.createdAt ?? new Date('2026-01-01T00:00:00Z'),
    })
    .returning({ id: beneficiaries.id });
  return row.id;
}

export interface RequestFixture {
  beneficiaryId: string;
  categoryCode: string;
  areaCode: string;
  /** ISO instant; a China time is easiest to read: 2026-11-10T09:00:00+08:00. */
  windowStart: string;
  status?: RequestStatus;
  createdAt?: string;
  assignDueAt?: string;
  assignedAt?: string | null;
  headcount?: number;
  rating?: number | null;
  urgency?: 'low' | 'normal' | 'urgent' | 'critical';
}

export async function insertRequest(db: Db, r: RequestFixture): Promise<string> {
  const start = new Date(r.windowStart);
  const created = new Date(r.createdAt ?? start.getTime() - 86_400_000);
  const [row] = await db
    .insert(serviceRequests)
    .values({
      requestNo: `XQT${randomUUID().slice(0, 12)}`,
      beneficiaryId: r.beneficiaryId,
      categoryCode: r.categoryCode,
      areaCode: r.areaCode,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * 3_600_000),
      urgency: r.urgency ?? 'normal',
      headcount: r.headcount ?? 1,
      channel: 'hotline',
      status: r.status ?? 'done',
      triageDueAt: new Date(created.getTime() + 3_600_000),
      assignDueAt: r.assignDueAt ? new Date(r.assignDueAt) : new Date(created.getTime() + 86_400_000),
      assignedAt: r.assignedAt ? new Date(r.assignedAt) : null,
      rating: r.rating ?? null,
      createdAt: created,
    })
    .returning({ id: serviceRequests.id });
  return row.id;
}

export async function insertRequestEvent(
  db: Db,
  e: { requestId: string; kind: string; at: string; actorAccountId?: string; params?: Record<string, string | number | boolean | null> },
) {
  await db.insert(requestEvents).values({
    requestId: e.requestId,
    kind: e.kind,
    at: new Date(e.at),
    actorAccountId: e.actorAccountId ?? null,
    params: e.params ?? {},
  });
}
