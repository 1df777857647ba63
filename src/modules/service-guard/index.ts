/** What other modules use: the over-service report (the demo's home pages may show its counts). */
export { serviceGuardReport } from './service-guard.service.ts';
