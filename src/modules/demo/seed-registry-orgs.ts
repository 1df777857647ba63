import type { Config } from '../../config.ts';
import { RowBuffer, type StatementQueue } from '../../db/bulk-insert.ts';
import { maskMobile } from '../../platform/masking.ts';
import { seal } from '../../platform/pii.ts';
import { type DemoOrganization, generateOrganizations, membersOf, type OrganizationContext } from './demo-organizations.ts';
import { demoUuid } from './demo-random.ts';
import { generateStations, type StationContext } from './demo-stations.ts';

const ORGANIZATION_COLUMNS = [
  'id',
  'name',
  'kind',
  'uscc',
  'unit_type',
  'parent_id',
  'area_code',
  'status',
  'join_mode',
  'has_party_branch',
  'has_league_branch',
  'service_categories',
  'contact_name',
  'contact_phone_cipher',
  'contact_phone_key_version',
  'contact_phone_masked',
  'address',
  'description',
  'status_reason',
  'created_at',
  'updated_at',
] as const;
const EVENT_COLUMNS = ['organization_id', 'from_status', 'to_status', 'reason', 'actor_label', 'at'] as const;
const MEMBER_COLUMNS = ['organization_id', 'volunteer_id', 'role', 'status', 'joined_at', 'ended_at', 'created_at', 'updated_at'] as const;
const STATION_COLUMNS = [
  'id',
  'name',
  'kind',
  'area_code',
  'lat',
  'lng',
  'address',
  'floor_area',
  'opening_hours',
  'host_organization_id',
  'status',
  'created_at',
  'updated_at',
] as const;
const INSPECTION_COLUMNS = ['station_id', 'inspected_on', 'inspector_name', 'items_met', 'notes', 'created_at'] as const;

const BATCH = 10_000;

/** The contact is the leader: their name, and their phone sealed like every phone at rest. */
function organizationRow(config: Config, ctx: OrganizationContext, o: DemoOrganization) {
  const phone = ctx.pool.census.phones[o.leader];
  const sealed = seal(config.piiKeys, phone);
  const last = o.events[o.events.length - 1];
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    uscc: o.uscc,
    unit_type: o.unitType,
    parent_id: o.parentId,
    area_code: o.areaCode,
    status: o.status,
    join_mode: o.joinMode,
    has_party_branch: o.hasPartyBranch,
    has_league_branch: o.hasLeagueBranch,
    service_categories: o.serviceCategories,
    contact_name: ctx.pool.census.names[o.leader],
    contact_phone_cipher: sealed.cipher,
    contact_phone_key_version: sealed.keyVersion,
    contact_phone_masked: maskMobile(phone),
    address: o.address,
    description: o.description,
    status_reason: last.reason,
    created_at: o.createdAt,
    updated_at: last.at,
  };
}

export async function writeOrganizations(
  config: Config,
  queue: StatementQueue,
  ctx: OrganizationContext,
  count: number,
  onProgress: (done: number) => void,
) {
  const organizations = generateOrganizations(ctx, count);
  const orgs = new RowBuffer('organizations', ORGANIZATION_COLUMNS);
  const events = new RowBuffer('organization_events', EVENT_COLUMNS);
  const members = new RowBuffer('organization_members', MEMBER_COLUMNS);
  let memberCount = 0;
  // Organizations first (sub-teams point at parents), then their events and members.
  for (const o of organizations) orgs.push(organizationRow(config, ctx, o));
  await queue.push(orgs.take());
  for (const o of organizations) {
    for (const e of o.events) {
      events.push({ organization_id: o.id, from_status: e.from, to_status: e.to, reason: e.reason, actor_label: e.actorLabel, at: e.at });
    }
    for (const m of membersOf(ctx, o, o.index === 0 ? 0 : null)) {
      const at = m.joinedAt ?? o.createdAt;
      members.push({
        organization_id: o.id,
        volunteer_id: demoUuid(1, m.volunteer),
        role: m.role,
        status: m.status,
        joined_at: m.joinedAt,
        ended_at: m.endedAt,
        created_at: at,
        updated_at: m.endedAt ?? at,
      });
      memberCount++;
    }
    if (members.length >= BATCH) {
      await queue.push(members.take());
      onProgress(o.index + 1);
    }
    if (events.length >= BATCH) await queue.push(events.take());
  }
  await queue.push(events.take());
  await queue.push(members.take());
  onProgress(organizations.length);
  return { organizations, members: memberCount };
}

export async function writeStations(queue: StatementQueue, ctx: StationContext, count: number) {
  const stations = generateStations(ctx, count);
  const rows = new RowBuffer('stations', STATION_COLUMNS);
  const inspections = new RowBuffer('station_inspections', INSPECTION_COLUMNS);
  let inspectionCount = 0;
  for (const s of stations) {
    rows.push({
      id: s.id,
      name: s.name,
      kind: s.kind,
      area_code: s.areaCode,
      lat: s.lat,
      lng: s.lng,
      address: s.address,
      floor_area: s.floorArea,
      opening_hours: s.openingHours,
      host_organization_id: s.hostOrganizationId,
      status: s.status,
      created_at: s.createdAt,
      updated_at: s.createdAt,
    });
    for (const i of s.inspections) {
      inspections.push({
        station_id: s.id,
        inspected_on: i.inspectedOn,
        inspector_name: i.inspectorName,
        items_met: i.itemsMet,
        notes: i.notes,
        created_at: new Date(`${i.inspectedOn}T17:00:00+08:00`),
      });
      inspectionCount++;
    }
  }
  await queue.push(rows.take());
  await queue.push(inspections.take());
  return { stations: stations.length, inspections: inspectionCount };
}
