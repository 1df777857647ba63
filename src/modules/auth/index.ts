export { type AccountRow, findAccountByLogin, findLiveSession, grantsOf, touchSession } from './auth.queries.ts';
export { hashToken, SESSION_COOKIE } from './auth.service.ts';
export { type CachedSession, SessionCache } from './session-cache.ts';
