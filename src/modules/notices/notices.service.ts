import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { findSelf, requireSelf } from '../volunteers/index.ts';
import { describeNotice } from './notice-text.ts';
import * as q from './notices.queries.ts';

export interface Preferences {
  reminderHours: number;
  noticeEmail: string | null;
}

/** My notices, newest first, in my language; an account that is no volunteer has none. */
export async function myNotices(db: Db, actor: Actor, locale: Locale, filter: { limit: number; unread: boolean }) {
  const me = await findSelf(db, actor, 'notice.read');
  if (!me) return { unread: 0, items: [] };
  const rows = await q.inbox(db, me.id, filter.limit, filter.unread);
  return {
    unread: await q.unreadCount(db, me.id),
    items: rows.map(({ volunteerId: _, ...n }) => ({ ...n, text: describeNotice(locale, n.kind, n.params) })),
  };
}

export async function markRead(db: Db, actor: Actor, ids: string[] | 'all') {
  const me = await findSelf(db, actor, 'notice.read');
  if (me) await q.markRead(db, me.id, ids);
}

/** How I am reminded and told: settings of my own volunteer record. */
export async function myPreferences(db: Db, actor: Actor) {
  return q.preferences(db, (await requireSelf(db, actor, 'notice.read')).id);
}

export async function savePreferences(db: Db, actor: Actor, preferences: Preferences) {
  const me = await requireSelf(db, actor, 'volunteer.update');
  await q.savePreferences(db, me.id, preferences);
  return q.preferences(db, me.id);
}
