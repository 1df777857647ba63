import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { maskPlace } from '../../domain/requests/place-mask.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { unseal } from '../../platform/pii.ts';
import * as q from './place-remask.queries.ts';

export interface RemaskOutcome {
  /** Requests with a sealed place that were looked at. */
  checked: number;
  /** Those whose stored mask was not the rule's, now corrected. */
  fixed: number;
  /** Their shifts' activities that showed the old mask, corrected too. */
  shifts: number;
}

const BATCH = 1_000;

/**
 * The one-off repair after the one masking rule (domain/requests/place-mask.ts, review finding 4):
 * requests stored before it kept a mask that could show the building or the door (the
 * beneficiary's own masked address, or a cut at the first digit only). The place is sealed, so
 * this needs the PII keys and runs from the `volunet requests remask-places` command, not as a
 * migration. Page by page (by id, each page its own transaction, so a large city neither holds
 * one long lock nor starts over when stopped); only rows whose mask differs are written, so a
 * second run changes nothing. Audited once with the counts.
 */
export async function remaskRequestPlaces(
  db: Db,
  config: Config,
  ctx: AuditContext,
  options: { batch?: number; onProgress?: (o: RemaskOutcome) => void } = {},
): Promise<RemaskOutcome> {
  const outcome: RemaskOutcome = { checked: 0, fixed: 0, shifts: 0 };
  let after: string | null = null;
  for (;;) {
    const page = await q.sealedPlaces(db, after, options.batch ?? BATCH);
    if (page.length === 0) break;
    const fixes = page.flatMap((r) => {
      const masked = maskPlace(unseal(config.piiKeys, { cipher: r.cipher, keyVersion: r.keyVersion }), r.areaName);
      return masked === r.masked ? [] : [{ id: r.id, cipher: r.cipher, masked, old: r.masked }];
    });
    outcome.shifts += await db.transaction((tx) => q.saveMasks(tx, fixes));
    outcome.checked += page.length;
    outcome.fixed += fixes.length;
    after = page[page.length - 1].id;
    options.onProgress?.({ ...outcome });
  }
  if (outcome.fixed > 0)
    await recordAudit(db, ctx, {
      action: 'request.remaskPlaces',
      entityType: 'service_request',
      entityId: null,
      summary: { ...outcome },
    });
  return outcome;
}
