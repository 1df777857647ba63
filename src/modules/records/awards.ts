import type { Executor } from '../../db/client.ts';
import type { AwardFact } from '../../domain/records/certificate.ts';
import { AppError } from '../../platform/errors.ts';
import * as q from './awards.queries.ts';

export type { AwardOnRecord } from './awards.queries.ts';

export interface AwardToRecord {
  volunteerId: string;
  title: string;
  titleEn?: string | null;
  year: number;
  grantedByArea: string;
  /** YYYY-MM-DD, the day the award took effect (the public notice's end). */
  grantedOn: string;
  /** The decision it comes from (an award round's nominee); an award is recorded once per source. */
  sourceId: string;
}

/**
 * Puts an award on the volunteer's record (MCA 2020 measures, Art 9), in the caller's transaction.
 * Recording the same source twice is refused, so a retried decision never doubles an honour.
 */
export async function recordAward(tx: Executor, award: AwardToRecord) {
  const row = await q.insertAward(tx, { ...award, titleEn: award.titleEn ?? null });
  if (!row) throw new AppError('CONFLICT', 'error.conflict', { what: 'record.awardExists' });
  return row;
}

/** The awards on a volunteer's record, as certificates and statements state them. */
export const awardsOf = (db: Executor, volunteerId: string) => q.awardsStanding(db, volunteerId);

/** The awards on record as a certificate or statement signs them: title, year, date granted. */
export async function awardFacts(db: Executor, volunteerId: string): Promise<AwardFact[]> {
  return (await awardsOf(db, volunteerId)).map((a) => ({ title: a.title, year: a.year, grantedOn: a.grantedOn }));
}
