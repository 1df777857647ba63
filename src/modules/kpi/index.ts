export { refreshKpiRollupsFully } from './kpi.rollups.ts';
export { kpisDirect, kpisOf } from './kpi.service.ts';
