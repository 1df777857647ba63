import type { Executor } from '../../db/client.ts';
import { recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import * as q from './honours.queries.ts';

/**
 * One sanctioned volunteer for the demo: in the demo community, with an account of their own
 * (not the demo volunteer) and a confirmed record the sanction cites. Once: a second run finds it.
 */
export async function seedDemoSanction(db: Executor, communityCode: string, demoAccountId: string | null) {
  if ((await q.sanctionCount(db)) > 0) return null;
  const pick = await q.demoSanctionPick(db, communityCode, demoAccountId);
  if (!pick) return null;
  const today = todayInChina();
  const startsOn = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 10) === '-02-29' ? '-02-28' : today.slice(4)}`;
  const row = await q.insertSanction(db, {
    volunteerId: pick.volunteer_id,
    kind: 'falsified_hours',
    reason: '组织核查发现该记录签退时间系事后补填，虚报服务时长 6 小时（演示数据）',
    recordIds: [pick.record_id],
    barYears: 2,
    startsOn,
  });
  await recordAudit(
    db,
    { actor: null, requestId: `seed-${Date.now()}` },
    { action: 'sanction.record', entityType: 'sanction', entityId: row.id, areaCode: pick.area_code, actorLabel: 'demo seed' },
  );
  return { volunteerId: pick.volunteer_id, sanctionId: row.id };
}
