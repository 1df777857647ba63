import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { NATIONAL_STARS, type StarScheme, schemeIssues } from '../../domain/records/stars.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { authorize } from '../../platform/policy.ts';
import { saveSetting } from '../../platform/settings.ts';
import { starSchemeOf } from '../records/index.ts';
import * as q from './honours.queries.ts';

type Ctx = AuditContext & { actor: Actor };

const isNational = (scheme: readonly number[]) => scheme.every((t, i) => t === NATIONAL_STARS[i]);

const SCHEME_RULES: Record<string, MessageKey> = { five: 'stars.five', positive: 'stars.positive', ascending: 'stars.ascending' };

/** The thresholds as a scheme, or a 400 naming each threshold and the rule it breaks. */
function validScheme(thresholds: readonly number[]): StarScheme {
  const issues = schemeIssues(thresholds);
  if (issues.length)
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      issues.map((issue) => {
        const i = Number(issue.field.split('.')[1]);
        return { ...issue, messageKey: SCHEME_RULES[issue.rule], params: { previous: thresholds[i - 1] ?? 0 } };
      }),
    );
  return [...thresholds] as unknown as StarScheme;
}

const describe = (scheme: StarScheme) => ({ thresholds: [...scheme], national: isNational(scheme) });

/** The city's scheme, whether it is the national one, and the national one beside it. */
export async function readStarScheme(db: Db, actor: Actor) {
  authorize(actor, 'settings.read', {}, 'entity.route');
  return { ...describe(await starSchemeOf(db)), nationalThresholds: [...NATIONAL_STARS] };
}

/** Volunteers holding 0–5 stars under the scheme in force and under the one proposed, and how many move. */
export async function previewStarScheme(db: Db, actor: Actor, thresholds: number[]) {
  authorize(actor, 'stars.manage', {}, 'entity.route');
  const proposed = validScheme(thresholds);
  const current = await starSchemeOf(db);
  const moves = await q.starMoves(db, current, proposed);
  const count = (level: 'from' | 'to') => [0, 1, 2, 3, 4, 5].map((s) => moves.filter((m) => m[level] === s).reduce((n, m) => n + m.n, 0));
  const sum = (keep: (m: { from: number; to: number }) => boolean) => moves.filter(keep).reduce((n, m) => n + m.n, 0);
  return {
    current: { ...describe(current), holders: count('from') },
    proposed: { ...describe(proposed), holders: count('to') },
    volunteers: sum(() => true),
    up: sum((m) => m.to > m.from),
    down: sum((m) => m.to < m.from),
  };
}

/** Saves the scheme; stars on volunteers' pages, the hotline and enrollment rules follow at once. */
export async function saveStarScheme(db: Db, ctx: Ctx, thresholds: number[]) {
  authorize(ctx.actor, 'stars.manage', {}, 'entity.route');
  const scheme = validScheme(thresholds);
  await db.transaction(async (tx) => {
    const before = await starSchemeOf(tx);
    await saveSetting(tx, 'stars', scheme, ctx.actor.accountId);
    await recordAudit(tx, ctx, {
      action: 'stars.update',
      entityType: 'settings',
      entityId: 'stars',
      summary: { before: [...before], after: [...scheme], national: isNational(scheme) },
    });
  });
  return { ...describe(scheme), nationalThresholds: [...NATIONAL_STARS] };
}
