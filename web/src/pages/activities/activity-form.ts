import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { chinaInstant } from '../../../../src/contract/index.ts';
import type { CheckinMethod } from './activity-api.ts';
import { type PositionValues, positionBody } from './PositionFields.tsx';

/** The create form's values and how they become the API's body (ActivityEditModal). */

/** The create form's values. */
export interface ActivityValues {
  title: string;
  description?: string;
  repeat: 'once' | 'weekly';
  day?: Dayjs;
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  series?: { from?: Dayjs; weekdays?: number[]; startTime?: Dayjs; endTime?: Dayjs; weeks?: number };
  placeKind: 'station' | 'address';
  stationId?: string | null;
  address?: string;
  lat?: number | null;
  lng?: number | null;
  applyHoursBefore?: number;
  cancelHoursBefore?: number;
  checkinMethods: CheckinMethod[];
  positions: PositionValues[];
}

/** The form names the server's objections outside the positions can land on. */
export const TOP_FIELDS = [
  ['title'],
  ['description'],
  ['day'],
  ['startsAt'],
  ['endsAt'],
  ['series', 'from'],
  ['series', 'weekdays'],
  ['series', 'startTime'],
  ['series', 'endTime'],
  ['series', 'weeks'],
  ['stationId'],
  ['address'],
  ['lat'],
  ['lng'],
  ['applyHoursBefore'],
  ['cancelHoursBefore'],
  ['checkinMethods'],
];

/** Fields whose objections go together: the server judges a start against its end, a latitude with its longitude. */
const GROUPS: Record<string, string> = {
  day: 'time',
  startsAt: 'time',
  endsAt: 'time',
  stationId: 'place',
  address: 'place',
  lat: 'place',
  lng: 'place',
};
export const groupOf = (path: (string | number)[]) =>
  path[0] === 'positions' && path.length > 1 ? `positions.${path[1]}` : (GROUPS[String(path[0])] ?? String(path[0]));

/** The paths of the leaves a change touched (a Form.List change holds only the rows that changed). */
export function changedPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value) && path.length > 0) return value.flatMap((v, i) => (v === undefined ? [] : changedPaths(v, [...path, i])));
  if (value && typeof value === 'object' && !Array.isArray(value) && !dayjs.isDayjs(value)) {
    return Object.entries(value).flatMap(([k, v]) => changedPaths(v, [...path, k]));
  }
  return [path];
}

export const hhmm = (d: Dayjs | undefined) => d?.format('HH:mm') ?? '';
export const ymd = (d: Dayjs | undefined) => d?.format('YYYY-MM-DD') ?? '';

/** Form values → the API's body. Dates and times are read as China wall-clock time, whatever the browser's zone. */
export function toBody(v: ActivityValues, projectId: string, projectInsurance: boolean) {
  const when =
    v.repeat === 'weekly'
      ? {
          series: {
            from: ymd(v.series?.from),
            weekdays: v.series?.weekdays ?? [],
            startTime: hhmm(v.series?.startTime),
            endTime: hhmm(v.series?.endTime),
            weeks: v.series?.weeks ?? 0,
          },
        }
      : {
          startsAt: chinaInstant(ymd(v.day), hhmm(v.startsAt)).toISOString(),
          endsAt: chinaInstant(ymd(v.day), hhmm(v.endsAt)).toISOString(),
        };
  const place =
    v.placeKind === 'station'
      ? { stationId: v.stationId ?? null, ...(v.address?.trim() ? { address: v.address.trim() } : {}) }
      : { stationId: null, address: v.address?.trim() ?? '', lat: v.lat ?? null, lng: v.lng ?? null };
  return {
    projectId,
    title: v.title.trim(),
    ...(v.description?.trim() ? { description: v.description.trim() } : {}),
    ...when,
    ...place,
    applyHoursBefore: v.applyHoursBefore ?? 0,
    cancelHoursBefore: v.cancelHoursBefore ?? 24,
    checkinMethods: v.checkinMethods,
    positions: v.positions.map((p) => positionBody(p, projectInsurance)),
  };
}
