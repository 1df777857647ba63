import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Action, ScopedResource } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { normalizeMobile } from '../../domain/identity/index.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { blindIndex } from '../../platform/pii.ts';
import { authorize, may } from '../../platform/policy.ts';
import { existingCodes } from '../areas/index.ts';
import { findAccountByLogin } from '../auth/index.ts';
import * as q from './stations.queries.ts';

type Ctx = AuditContext & { actor: Actor };

interface Issue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

const invalid = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

const scoped = (station: { id: string; areaCode: string }): ScopedResource => ({ areaCode: station.areaCode, stationId: station.id });

export type StationInput = Pick<q.NewStation, 'name' | 'kind' | 'areaCode' | 'address'> &
  Partial<Pick<q.NewStation, 'lat' | 'lng' | 'floorArea' | 'openingHours' | 'hostOrganizationId' | 'status'>>;

/** What showing one station checks: reading it, and what the screen may offer next. */
export const DETAIL_ACTIONS = ['station.read', 'station.manage', 'station.inspect'] as const satisfies readonly Action[];

export async function getStation(db: Db, actor: Actor, id: string) {
  const station = await q.findStation(db, id);
  if (!station) throw notFound('entity.station');
  authorize(actor, 'station.read', scoped(station), 'entity.station');
  const [keepers, inspections] = await Promise.all([q.keepersOf(db, id), q.inspectionsOf(db, id)]);
  return {
    ...station,
    keepers,
    inspections,
    mayManage: may(actor, 'station.manage', scoped(station)),
    mayInspect: may(actor, 'station.inspect', scoped(station)),
  };
}

/** A station the actor may manage, or 404 (missing and out of scope look the same). */
async function loadForManage(db: Db, actor: Actor, id: string) {
  const station = await q.findStationRow(db, id);
  if (!station) throw notFound('entity.station');
  authorize(actor, 'station.manage', scoped(station), 'entity.station');
  return station;
}

/** References a station makes: its area and host organization must exist; a point needs both coordinates. */
async function checkStation(db: Db, station: StationInput) {
  const issues: Issue[] = [];
  if (!(await existingCodes(db, [station.areaCode])).has(station.areaCode)) {
    issues.push({ field: 'areaCode', rule: 'exists', messageKey: 'station.areaMissing', params: { code: station.areaCode } });
  }
  if (station.hostOrganizationId && !(await q.organizationExists(db, station.hostOrganizationId))) {
    issues.push({ field: 'hostOrganizationId', rule: 'exists', messageKey: 'station.hostMissing' });
  }
  if ((station.lat == null) !== (station.lng == null)) {
    issues.push({ field: station.lat == null ? 'lat' : 'lng', rule: 'required', messageKey: 'station.coordinatesPair' });
  }
  if (issues.length) throw invalid(issues);
}

export async function createStation(db: Db, ctx: Ctx, input: StationInput) {
  // Scope first: outside it, every answer must look like "not found", whatever the input.
  authorize(ctx.actor, 'station.manage', { areaCode: input.areaCode }, 'entity.station');
  await checkStation(db, input);
  const id = await db.transaction(async (tx) => {
    const id = await q.insertStation(tx, input);
    await recordAudit(tx, ctx, {
      action: 'station.create',
      entityType: 'station',
      entityId: id,
      areaCode: input.areaCode,
      summary: { kind: input.kind, hostOrganizationId: input.hostOrganizationId ?? null },
    });
    return id;
  });
  return getStation(db, ctx.actor, id);
}

export async function updateStation(db: Db, ctx: Ctx, id: string, patch: Partial<StationInput>) {
  const before = await loadForManage(db, ctx.actor, id);
  // Moving a station elsewhere needs the right to manage it there too.
  if (patch.areaCode && patch.areaCode !== before.areaCode && !may(ctx.actor, 'station.manage', { areaCode: patch.areaCode })) {
    throw fieldError('areaCode', 'scope', 'station.areaOutOfScope', { code: patch.areaCode });
  }
  const changed = (Object.keys(patch) as (keyof StationInput)[]).filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
  if (changed.length === 0) return getStation(db, ctx.actor, id);
  await checkStation(db, { ...before, ...patch });
  await db.transaction(async (tx) => {
    await q.updateStation(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'station.update',
      entityType: 'station',
      entityId: id,
      areaCode: patch.areaCode ?? before.areaCode,
      summary: { changed },
    });
  });
  return getStation(db, ctx.actor, id);
}

/** Like sign-in: a phone number through its blind index, anything else as a username. */
async function findAccount(db: Db, config: Config, login: string) {
  const phone = normalizeMobile(login);
  const lookup = phone ? { phoneIndex: blindIndex(config.piiKeys, 'phone', phone) } : { username: login.trim() };
  const account = await findAccountByLogin(db, lookup);
  // A disabled account cannot sign in, so it cannot keep a station either.
  return account?.status === 'active' ? account : undefined;
}

/** Makes the account a keeper of the station (once); returns its id and the keepers now. */
export async function grantKeeper(db: Db, config: Config, ctx: Ctx, stationId: string, login: string) {
  const station = await loadForManage(db, ctx.actor, stationId);
  const account = await findAccount(db, config, login);
  if (!account) throw fieldError('login', 'exists', 'station.keeperMissing');
  await db.transaction(async (tx) => {
    await q.lockStation(tx, stationId);
    if (await q.insertKeeperGrant(tx, stationId, account.id)) {
      await recordAudit(tx, ctx, {
        action: 'station.keeperGrant',
        entityType: 'station',
        entityId: stationId,
        areaCode: station.areaCode,
        summary: { accountId: account.id },
      });
    }
  });
  return { accountId: account.id, keepers: await q.keepersOf(db, stationId) };
}

export async function revokeKeeper(db: Db, ctx: Ctx, stationId: string, accountId: string) {
  const station = await loadForManage(db, ctx.actor, stationId);
  await db.transaction(async (tx) => {
    await q.lockStation(tx, stationId);
    if ((await q.deleteKeeperGrants(tx, stationId, accountId)) === 0) throw notFound('station.keeper');
    await recordAudit(tx, ctx, {
      action: 'station.keeperRevoke',
      entityType: 'station',
      entityId: stationId,
      areaCode: station.areaCode,
      summary: { accountId },
    });
  });
}

export interface InspectionInput {
  inspectedOn: string;
  itemsMet: string[];
  notes?: string | null;
}

export async function recordInspection(db: Db, ctx: Ctx, stationId: string, input: InspectionInput) {
  const station = await q.findStationRow(db, stationId);
  if (!station) throw notFound('entity.station');
  authorize(ctx.actor, 'station.inspect', scoped(station), 'entity.station');
  const issues: Issue[] = [];
  if (input.inspectedOn > todayInChina())
    issues.push({ field: 'inspectedOn', rule: 'not_future', messageKey: 'station.inspectionInFuture' });
  const known = await q.knownStandardCodes(db, input.itemsMet);
  input.itemsMet.forEach((code, i) => {
    if (!known.has(code)) issues.push({ field: `itemsMet.${i}`, rule: 'exists', messageKey: 'station.unknownStandard', params: { code } });
  });
  if (issues.length) throw invalid(issues);
  const itemsMet = [...new Set(input.itemsMet)];
  await db.transaction(async (tx) => {
    const id = await q.insertInspection(tx, {
      stationId,
      inspectedOn: input.inspectedOn,
      inspectorId: ctx.actor.accountId,
      inspectorName: ctx.actor.displayName,
      itemsMet,
      notes: input.notes || null,
    });
    await recordAudit(tx, ctx, {
      action: 'station.inspect',
      entityType: 'station',
      entityId: stationId,
      areaCode: station.areaCode,
      summary: { inspectionId: id, inspectedOn: input.inspectedOn, itemsMet },
    });
  });
  return getStation(db, ctx.actor, stationId);
}

/**
 * Replaces the checklist: the items given are written (new codes added, names, order and
 * activity updated); standards left out are retired. Nothing is deleted — old inspections cite
 * the codes they met.
 */
export async function replaceStandards(db: Db, ctx: Ctx, items: q.StandardInput[]) {
  // One checklist for the whole city: nothing to hide, so a plain 403 rather than a 404.
  if (!may(ctx.actor, 'station.configureStandards', {})) throw new AppError('FORBIDDEN', 'error.forbidden');
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.code)) {
      issues.push({ field: `items.${i}.code`, rule: 'unique', messageKey: 'station.duplicateStandard', params: { code: item.code } });
    }
    seen.set(item.code, i);
  });
  if (!items.some((item) => item.active)) issues.push({ field: 'items', rule: 'active', messageKey: 'station.noActiveStandard' });
  if (issues.length) throw invalid(issues);
  await db.transaction(async (tx) => {
    const before = new Map((await q.listStandards(tx)).map((s) => [s.code, s]));
    await q.upsertStandards(tx, items);
    await q.retireStandardsExcept(
      tx,
      items.map((item) => item.code),
    );
    const codes = new Set(items.map((item) => item.code));
    await recordAudit(tx, ctx, {
      action: 'station.standardsUpdate',
      entityType: 'stationStandard',
      summary: {
        added: items.filter((item) => !before.has(item.code)).map((item) => item.code),
        retired: [...before.values()]
          .filter((s) => s.active && (!codes.has(s.code) || items.some((item) => item.code === s.code && !item.active)))
          .map((s) => s.code),
        active: items.filter((item) => item.active).length,
      },
    });
  });
  return q.listStandards(db);
}
