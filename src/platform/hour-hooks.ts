import type { Executor } from '../db/executor.ts';

/**
 * What happens, in the same transaction, when a record's hours land on the hour ledger: a record
 * confirmed, or a correction of one accepted. Records announce it here; capabilities built on hours
 * (points, the time bank) listen. A registry in the platform rather than an import keeps records
 * free of what is built on it (points reads records, so records cannot import points), while the
 * points are still posted atomically with the hours — nothing half-posted, nothing to catch up.
 */
export interface HoursLanded {
  recordId: string;
  volunteerId: string;
  /** The record's hours on the ledger after this change. */
  hours: number;
  /** The accepted correction, when this is one. */
  correctionId?: string;
  at: string;
}

export type HoursListener = (tx: Executor, ledgerKey: Buffer, e: HoursLanded) => Promise<void>;

const listeners = new Map<string, HoursListener>();

/** Registers (or replaces) the listener of one capability. */
export function onHoursLanded(name: string, listener: HoursListener) {
  listeners.set(name, listener);
}

export async function hoursLanded(tx: Executor, ledgerKey: Buffer, e: HoursLanded) {
  for (const listener of listeners.values()) await listener(tx, ledgerKey, e);
}
