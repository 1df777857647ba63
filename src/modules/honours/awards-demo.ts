import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import { type AwardKind, type Criterion, noticeEndsOn } from '../../domain/honours/awards.ts';
import { calendarOf } from '../../domain/records/working-days.ts';
import { todayInChina } from '../../platform/clock.ts';
import { recordAward, workCalendar } from '../records/index.ts';
import * as q from './awards.queries.ts';
import * as dq from './awards-demo.queries.ts';
import { sealContact } from './awards-notice.service.ts';

const CRITERIA: Criterion[] = [
  { name: '服务时长', nameEn: 'Service hours', weight: 40 },
  { name: '服务成效', nameEn: 'Impact', weight: 40 },
  { name: '群众评价', nameEn: 'Public rating', weight: 20 },
];
const REASON = '长期扎根社区开展助老、助残志愿服务，带动身边群众参与，服务对象评价很高（演示数据）';

interface DemoAwardsInput {
  cityCode: string;
  organizationId: string;
  demoAccountId: string | null;
  sanctionedVolunteerId: string | null;
}

async function round(tx: Executor, kind: AwardKind, year: number, titleZh: string, titleEn: string, extra: Partial<q.RoundRow>) {
  return q.insertRound(tx, {
    areaCode: extra.areaCode as string,
    kind,
    year,
    titleZh,
    titleEn,
    quota: 10,
    minHours: 10,
    nominators: ['organizations', 'offices'],
    nominationDeadline: extra.nominationDeadline as string,
    scale: 100,
    criteria: CRITERIA,
    ...extra,
  });
}

/**
 * The demo's awards (issue 19), once: last year's finished round (the demo volunteer's award is
 * on their record, so their certificate shows it; the demo organization on the roll), this year's
 * round on public notice with an objection to resolve, and a round open for nominations where the
 * demo organization nominates (its sanctioned member shows "not eligible").
 */
export async function seedDemoAwards(db: Db, config: Config, input: DemoAwardsInput) {
  if ((await dq.roundCount(db)) > 0) return null;
  // The registry's memberships plus this one: the demo's counts say how many it added.
  const membersAdded = input.sanctionedVolunteerId ? await dq.ensureDemoMember(db, input.organizationId, input.sanctionedVolunteerId) : 0;
  const members = await dq.demoCandidates(db, input.organizationId, input.demoAccountId, input.sanctionedVolunteerId);
  // The demo volunteer first, member or not: their certificate is where last year's award shows.
  const demo = input.demoAccountId ? await q.volunteerOfAccount(db, input.demoAccountId) : undefined;
  const people = demo ? [demo, ...members.filter((m) => m.id !== demo.id)] : members;
  if (people.length < 6) return null;
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const last = year - 1;
  const areaCode = input.cityCode;
  const endsOn = noticeEndsOn(today, calendarOf(await workCalendar(db)));
  return db.transaction(async (tx) => {
    const nominee = async (
      roundId: string,
      subjectId: string,
      status: 'nominated' | 'selected' | 'awarded',
      org: string | null = input.organizationId,
    ) =>
      (await q.insertNominee(tx, {
        roundId,
        subjectType: org === subjectId ? 'organization' : 'volunteer',
        subjectId,
        organizationId: org,
        nominatedByOrg: input.organizationId,
        reason: REASON,
        status,
      }))!;
    // Last year: finished, awards recorded on the date the office decided.
    const finalizedOn = `${last}-12-15`;
    const past = await round(tx, 'volunteer', last, `${last}年度最美志愿者`, `Outstanding Volunteers ${last}`, {
      areaCode,
      nominationDeadline: `${last}-11-15`,
      status: 'finalized',
      publishedOn: `${last}-12-01`,
      noticeEndsOn: `${last}-12-07`,
      finalizedOn,
    });
    for (const p of people.slice(0, 3)) {
      const n = await nominee(past.id, p.id, 'awarded');
      await recordAward(tx, {
        volunteerId: p.id,
        title: past.titleZh,
        titleEn: past.titleEn,
        year: last,
        grantedByArea: areaCode,
        grantedOn: finalizedOn,
        sourceId: n.id,
      });
    }
    const pastOrg = await round(tx, 'organization', last, `${last}年度优秀志愿服务组织`, `Outstanding Organizations ${last}`, {
      areaCode,
      nominationDeadline: `${last}-11-15`,
      status: 'finalized',
      publishedOn: `${last}-12-01`,
      noticeEndsOn: `${last}-12-07`,
      finalizedOn,
    });
    await nominee(pastOrg.id, input.organizationId, 'awarded');
    // This year: on public notice from today, one objection waiting for the office.
    const now = await round(tx, 'volunteer', year, `${year}年度最美志愿者`, `Outstanding Volunteers ${year}`, {
      areaCode,
      nominationDeadline: today,
      status: 'notice',
      publishedOn: today,
      noticeEndsOn: endsOn,
    });
    // The demo volunteer is on this list too, so once the office awards it, 我的荣誉 shows this year's award.
    const onNotice = [];
    for (const p of [people[3], people[0], people[4]]) onNotice.push(await nominee(now.id, p.id, 'selected'));
    const contact = '13800138000';
    await q.insertObjection(tx, {
      nomineeId: onNotice[0].id,
      reason: '据我所知该志愿者去年有两次活动未到场却登记了时长，请核实（演示数据）',
      ...sealContact(config.piiKeys, contact),
    });
    // Open for nominations: the city's own award, one nomination in already.
    const open = await round(tx, 'named', year, `${year}年度“最美社区志愿者”`, `Community Volunteer of the Year ${year}`, {
      areaCode,
      nominationDeadline: `${year}-12-31` < today ? today : `${year}-12-31`,
      minHours: 10,
    });
    await nominee(open.id, people[0].id, 'nominated');
    return { rounds: 4, awarded: 3, onNotice: onNotice.length, membersAdded };
  });
}
