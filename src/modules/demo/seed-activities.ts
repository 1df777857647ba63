import { RowBuffer, StatementQueue, withBulkLoad } from '../../db/bulk-insert.ts';
import type { Db } from '../../db/client.ts';
import { chinaInstant } from '../../domain/activities/schedule.ts';
import type { ProjectStatus } from '../../domain/projects/lifecycle.ts';
import { todayInChina } from '../../platform/clock.ts';
import type { DemoSize } from './demo-city.ts';
import { addDays, demoUuid, makeRng, type Rng } from './demo-random.ts';
import * as q from './seed.queries.ts';

/**
 * Projects, a year of activities and their enrollments for the demo city: projects across the
 * category catalog in every stage of their life, weekly series and one-off events from nine
 * months ago to three ahead, positions that are full, waitlisted or still open. A person holds
 * at most one shift a day, so no demo roster breaks the working-time rules.
 */
export const ACTIVITY_SIZES: Record<DemoSize, { projects: number }> = {
  small: { projects: 80 },
  city: { projects: 8_000 },
};
const BULK_PROJECTS = 1_000;
const BULK_TABLES = ['project_events', 'activities', 'positions', 'enrollments'];

const CATEGORIES: [string, number][] = [
  ['community', 20],
  ['elderly', 18],
  ['civility', 12],
  ['environment', 10],
  ['children', 9],
  ['disability', 6],
  ['health', 6],
  ['culture', 6],
  ['legal', 4],
  ['emergency', 4],
  ['sports', 3],
  ['large_event', 2],
];
const TITLES: Record<string, string[]> = {
  community: ['邻里守望', '社区微治理', '楼道清洁日'],
  elderly: ['银龄陪伴', '助老送餐', '老人智能手机课堂'],
  civility: ['文明交通劝导', '文明旅游引导', '垃圾分类督导'],
  environment: ['西湖护绿', '河道巡查', '净滩行动'],
  children: ['四点半课堂', '关爱留守儿童', '周末绘本共读'],
  disability: ['助残出行', '阳光康复陪伴'],
  health: ['义诊进社区', '无偿献血宣传'],
  culture: ['博物馆讲解', '社区书屋值守'],
  legal: ['法律咨询驿站', '反诈宣传'],
  emergency: ['应急救护培训', '防汛巡查'],
  sports: ['马拉松赛道服务', '社区运动会'],
  large_event: ['大型赛会城市志愿服务', '国际会议引导'],
};
const POSITIONS: Record<string, { name: string; skills?: string[] }[]> = {
  health: [{ name: '导诊' }, { name: '医护', skills: ['nursing'] }],
  emergency: [{ name: '巡查员' }, { name: '救护员', skills: ['first_aid'] }],
  legal: [{ name: '咨询员', skills: ['legal_aid'] }, { name: '宣传员' }],
  large_event: [{ name: '引导员' }, { name: '外语服务', skills: ['translation'] }],
};
const STATUSES: [ProjectStatus, number][] = [
  ['recruiting', 45],
  ['running', 25],
  ['evaluated', 12],
  ['closed', 6],
  ['approved', 4],
  ['submitted', 4],
  ['draft', 3],
  ['rejected', 1],
];
const STEPS: Record<ProjectStatus, [string, ProjectStatus][]> = {
  draft: [],
  submitted: [['submit', 'submitted']],
  rejected: [
    ['submit', 'submitted'],
    ['reject', 'rejected'],
  ],
  approved: [
    ['submit', 'submitted'],
    ['approve', 'approved'],
  ],
  recruiting: [
    ['submit', 'submitted'],
    ['approve', 'approved'],
    ['recruit', 'recruiting'],
  ],
  running: [
    ['submit', 'submitted'],
    ['approve', 'approved'],
    ['recruit', 'recruiting'],
    ['start', 'running'],
  ],
  closed: [
    ['submit', 'submitted'],
    ['approve', 'approved'],
    ['recruit', 'recruiting'],
    ['start', 'running'],
    ['close', 'closed'],
  ],
  evaluated: [
    ['submit', 'submitted'],
    ['approve', 'approved'],
    ['recruit', 'recruiting'],
    ['start', 'running'],
    ['close', 'closed'],
    ['evaluate', 'evaluated'],
  ],
};

const PROJECT_COLUMNS = [
  'id',
  'organization_id',
  'title',
  'category_code',
  'area_code',
  'description',
  'beneficiaries',
  'risks',
  'risk_level',
  'insurance_required',
  'status',
  'status_reason',
  'evaluation_summary',
  'created_at',
  'updated_at',
] as const;
const EVENT_COLUMNS = ['project_id', 'action', 'from_status', 'to_status', 'note', 'actor_label', 'at'] as const;
const ACTIVITY_COLUMNS = [
  'id',
  'project_id',
  'title',
  'starts_at',
  'ends_at',
  'address',
  'lat',
  'lng',
  'apply_deadline',
  'cancel_deadline',
  'created_at',
] as const;
const POSITION_COLUMNS = ['id', 'activity_id', 'name', 'headcount', 'review_mode', 'skills', 'accepted_count', 'waitlist_seq'] as const;
const ENROLLMENT_COLUMNS = ['position_id', 'activity_id', 'volunteer_id', 'status', 'waitlist_no', 'applied_at', 'decided_at'] as const;

interface Org {
  id: string;
  area_code: string;
  name: string;
}
interface Place {
  code: string;
  name: string;
  lat: number | null;
  lng: number | null;
}

export async function seedActivities(db: Db, size: DemoSize, onProgress: (done: number) => void = () => {}, scale = 1) {
  if (await q.hasProjects(db)) return { skipped: true, projects: 0, activities: 0, enrollments: 0 };
  return db.transaction(async (tx) => {
    const today = todayInChina();
    const rng = makeRng(20261123);
    const orgs: Org[] = await q.activeOrganizations(tx);
    const communities: Place[] = await q.communityPlaces(tx);
    // Volunteers by district, for rosters of people who live near the activity.
    const byDistrict = new Map<string, string[]>();
    for (const v of await q.activeVolunteerDistricts(tx)) {
      const list = byDistrict.get(v.d) ?? [];
      list.push(v.id);
      byDistrict.set(v.d, list);
    }
    const busy = new Set<string>(); // volunteer|date
    const queue = new StatementQueue(tx);
    const buffers = {
      projects: new RowBuffer('projects', PROJECT_COLUMNS),
      events: new RowBuffer('project_events', EVENT_COLUMNS),
      activities: new RowBuffer('activities', ACTIVITY_COLUMNS),
      positions: new RowBuffer('positions', POSITION_COLUMNS),
      enrollments: new RowBuffer('enrollments', ENROLLMENT_COLUMNS),
    };
    const flush = async () => {
      for (const b of Object.values(buffers)) await queue.push(b.take());
    };
    let activityNo = 0;
    let positionNo = 0;
    let enrollmentCount = 0;
    const count = Math.min(Math.max(10, Math.round(ACTIVITY_SIZES[size].projects * scale)), orgs.length * 4);
    const load = async () => {
      for (let p = 0; p < count; p++) {
        const org = orgs[p % orgs.length];
        const category = rng.weighted(CATEGORIES);
        // The first projects take every stage once, so the demo always shows each; the rest are drawn by weight.
        const status = p < STATUSES.length ? STATUSES[p][0] : rng.weighted(STATUSES);
        const inOrgArea = communities.filter((c) => c.code.startsWith(org.area_code.slice(0, 6)));
        const place = rng.pick(inOrgArea.length ? inOrgArea : communities);
        const id = demoUuid(8, p);
        const createdOn = addDays(today, -rng.int(290, 330));
        const risky = category === 'emergency' || category === 'large_event';
        buffers.projects.push({
          id,
          organization_id: org.id,
          title: `${place.name}${rng.pick(TITLES[category])}`,
          category_code: category,
          area_code: place.code,
          description: `<p>${org.name}在${place.name}开展的志愿服务项目。</p>`,
          beneficiaries: category === 'elderly' ? '社区老年人' : category === 'children' ? '社区儿童' : '社区居民',
          risks: risky ? '户外作业，注意防暑防滑；已为全体参与者购买意外险。' : '',
          risk_level: risky ? 'high' : 'low',
          insurance_required: risky,
          status,
          status_reason: status === 'rejected' ? '服务对象和风险告知不够具体' : null,
          evaluation_summary: status === 'evaluated' ? '按计划完成，服务对象满意。' : null,
          created_at: chinaInstant(createdOn, '10:00').toISOString(),
          updated_at: chinaInstant(createdOn, '10:00').toISOString(),
        });
        let from: ProjectStatus | null = null;
        buffers.events.push(event(id, 'create', from, 'draft', org.name, createdOn, 0));
        from = 'draft';
        STEPS[status].forEach(([action, to], i) => {
          const note = action === 'reject' ? '服务对象和风险告知不够具体' : action === 'evaluate' ? '按计划完成，服务对象满意。' : null;
          const actor = action === 'approve' || action === 'reject' ? `${place.name.slice(0, 4)}志愿服务工作站` : org.name;
          buffers.events.push(event(id, action, from, to, actor, addDays(createdOn, (i + 1) * 6), 0, note));
          from = to;
        });
        if (['approved', 'recruiting', 'running', 'closed', 'evaluated'].includes(status)) {
          const people = byDistrict.get(place.code.slice(0, 6)) ?? [];
          const made = planActivities(
            rng,
            { status, today, createdOn, category, place, projectId: id },
            activityNo,
            positionNo,
            people,
            busy,
            buffers,
          );
          activityNo = made.activityNo;
          positionNo = made.positionNo;
          enrollmentCount += made.enrollments;
        }
        if (buffers.enrollments.length > 5_000 || p === count - 1) {
          await flush();
          onProgress(p + 1);
        }
      }
      await flush();
      await queue.drain();
    };
    // A city's rosters (about a million enrollments) load faster with their indexes built and keys checked afterwards.
    if (count < BULK_PROJECTS) await load();
    else await withBulkLoad(tx, BULK_TABLES, '256MB', load);
    await q.analyzeActivities(tx);
    return { skipped: false, projects: count, activities: activityNo, enrollments: enrollmentCount };
  });
}

function event(
  projectId: string,
  action: string,
  from: string | null,
  to: string,
  actor: string,
  on: string,
  minutes: number,
  note: string | null = null,
) {
  return {
    project_id: projectId,
    action,
    from_status: from,
    to_status: to,
    note,
    actor_label: actor,
    at: new Date(chinaInstant(on, '09:00').getTime() + minutes * 60_000).toISOString(),
  };
}

/** A weekly series (every week on one day, for 12 to 30 weeks) or a handful of one-off events. */
function planActivities(
  rng: Rng,
  p: { status: ProjectStatus; today: string; createdOn: string; category: string; place: Place; projectId: string },
  activityNo: number,
  positionNo: number,
  people: string[],
  busy: Set<string>,
  buffers: Record<'activities' | 'positions' | 'enrollments', RowBuffer<readonly string[]>>,
) {
  const ended = p.status === 'closed' || p.status === 'evaluated';
  const start = addDays(p.createdOn, 30);
  const last = ended ? addDays(p.today, -rng.int(20, 60)) : addDays(p.today, rng.int(30, 90));
  const dates: string[] = [];
  if (rng.chance(0.7)) {
    // Weekly, for 12 to 30 weeks up to the last date (never before the project could start).
    const weeks = rng.int(12, 30);
    for (let d = addDays(last, -7 * (weeks - 1)); d <= last; d = addDays(d, 7)) if (d >= start) dates.push(d);
  } else {
    for (let i = 0; i < rng.int(3, 8); i++)
      dates.push(addDays(start, rng.int(0, Math.max(1, (Date.parse(last) - Date.parse(start)) / 86_400_000))));
  }
  const hour = rng.pick(['08:30', '09:00', '14:00', '18:30']);
  const length = rng.pick([2, 2, 3, 4]);
  const templates = POSITIONS[p.category] ?? [{ name: '志愿者' }];
  let enrollments = 0;
  for (const date of [...new Set(dates)].sort()) {
    const activityId = demoUuid(9, activityNo++);
    const startsAt = chinaInstant(date, hour);
    const endsAt = new Date(startsAt.getTime() + length * 3600_000);
    buffers.activities.push({
      id: activityId,
      project_id: p.projectId,
      title: `${p.place.name}${p.category === 'elderly' ? '助老服务' : '志愿服务'}`,
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      address: `${p.place.name}党群服务中心`,
      lat: p.place.lat,
      lng: p.place.lng,
      apply_deadline: startsAt.toISOString(),
      cancel_deadline: new Date(startsAt.getTime() - 24 * 3600_000).toISOString(),
      created_at: chinaInstant(p.createdOn, '12:00').toISOString(),
    });
    const past = date < p.today;
    for (const template of templates) {
      const positionId = demoUuid(10, positionNo++);
      const headcount = rng.int(3, 12);
      // Most positions fill; some have a waitlist; a few upcoming ones still have room.
      const demand = Math.round(headcount * (past ? rng.next() * 0.4 + 0.7 : rng.next() * 1.2 + 0.3));
      let accepted = 0;
      let waitlisted = 0;
      for (let k = 0; k < demand && people.length; k++) {
        const volunteerId = people[rng.int(0, people.length - 1)];
        if (busy.has(`${volunteerId}|${date}`)) continue;
        busy.add(`${volunteerId}|${date}`);
        const full = accepted >= headcount;
        const status = full ? (past ? 'cancelled' : 'waitlisted') : past && rng.chance(0.04) ? 'no_show' : 'accepted';
        if (status === 'accepted' || status === 'no_show') accepted++;
        if (status === 'waitlisted') waitlisted++;
        const appliedAt = new Date(startsAt.getTime() - rng.int(2, 20) * 86_400_000);
        buffers.enrollments.push({
          position_id: positionId,
          activity_id: activityId,
          volunteer_id: volunteerId,
          status,
          waitlist_no: status === 'waitlisted' ? waitlisted : null,
          applied_at: appliedAt.toISOString(),
          decided_at: status === 'waitlisted' ? null : appliedAt.toISOString(),
        });
        enrollments++;
      }
      buffers.positions.push({
        id: positionId,
        activity_id: activityId,
        name: template.name,
        headcount,
        review_mode: 'auto',
        skills: template.skills ?? [],
        // A no-show held a place; cancelled ones did not.
        accepted_count: accepted,
        waitlist_seq: waitlisted,
      });
    }
  }
  return { activityNo, positionNo, enrollments };
}
