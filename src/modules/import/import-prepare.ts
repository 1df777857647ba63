import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PiiKeys } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import { can } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { checkImportRow, type RawRow, type RowContext } from '../../domain/import/import-row.ts';
import { type HeaderMapping, IMPORT_FIELDS } from '../../domain/import/presets.ts';
import type { PreparedRow } from '../../domain/import/resolve.ts';
import { todayInChina } from '../../platform/clock.ts';
import { maskMobile } from '../../platform/masking.ts';
import { personIndexes } from '../../platform/pii.ts';
import { sealedDoc, sealedGuardian, sealedPhone } from '../volunteers/index.ts';
import { communityCodes, skillNames } from './import.queries.ts';
import type { FileRow } from './import-file.ts';

/**
 * The CPU half of an import: each row checked against the registration rules, its keyed hashes
 * computed and its personal data sealed. A large file does this in worker threads (Piscina),
 * so the main thread reads, resolves and writes while the next batches are being prepared.
 */

/** What a row check needs to know about the city, as plain data a worker thread can receive. */
export interface RowContextData {
  today: string;
  communities: string[];
  /** [name, code]: codes and both names of the skills catalog, lowercased. */
  skills: [string, string][];
  /** null: the CLI, which runs as the machine's operator (the whole city). */
  actor: Actor | null;
}

export async function loadRowContext(db: Executor, actor: Actor | null): Promise<RowContextData> {
  const communities = await communityCodes(db);
  const skills: [string, string][] = [];
  for (const s of await skillNames(db)) {
    for (const name of [s.code, s.name_zh, s.name_en]) skills.push([name.toLowerCase(), s.code]);
  }
  return { today: todayInChina(), communities, skills, actor };
}

export function rowContextOf(data: RowContextData): RowContext {
  const communities = new Set(data.communities);
  const skills = new Map(data.skills);
  const { actor } = data;
  return {
    today: data.today,
    communityExists: (code) => communities.has(code),
    // The domain's can(): rows are also prepared in worker threads, outside any request; the
    // request itself checks volunteer.import (import.service.ts).
    inScope: (code) => !actor || can(actor, 'volunteer.import', { areaCode: code }),
    skillCode: (name) => skills.get(name.toLowerCase()),
  };
}

export function prepareRow(keys: PiiKeys, ctx: RowContext, mapping: HeaderMapping, row: FileRow): PreparedRow {
  const raw: RawRow = {};
  for (const field of IMPORT_FIELDS) {
    const index = mapping.columns[field];
    if (index !== undefined) raw[field] = row.cells[index] ?? '';
  }
  const { person, issues, warnings } = checkImportRow(raw, ctx);
  if (!person) return { rowNo: row.rowNo, externalId: raw.externalId?.trim() || `row:${row.rowNo}`, issues, warnings };
  const { doc, phone, guardian, ...facts } = person;
  const indexes = personIndexes(keys, person.name, phone, doc);
  // Without the platform's own id, the person's keyed hashes name them: re-importing the same
  // file finds the same links, and nothing identifying is stored in clear.
  const externalId =
    person.externalId ?? (indexes.docIndex ? `doc:${indexes.docIndex.slice(0, 24)}` : `np:${indexes.namePhoneIndex.slice(0, 24)}`);
  return {
    rowNo: row.rowNo,
    externalId,
    person: facts,
    pii: {
      doc: doc ? sealedDoc(keys, doc) : undefined,
      phone: sealedPhone(keys, phone),
      guardian: guardian ? sealedGuardian(keys, guardian) : undefined,
    },
    issues,
    warnings,
    ...indexes,
    phoneMasked: maskMobile(phone),
  };
}

export interface PrepareSetup {
  keys: PiiKeys;
  context: RowContextData;
  mapping: HeaderMapping;
}

/** One batch's preparation, as the worker thread runs it (and the main thread for small files). */
export function batchPreparer(setup: PrepareSetup) {
  const ctx = rowContextOf(setup.context);
  return (rows: FileRow[]): PreparedRow[] => rows.map((row) => prepareRow(setup.keys, ctx, setup.mapping, row));
}

export interface Preparer {
  prepare(rows: FileRow[]): Promise<PreparedRow[]>;
  close(): Promise<void>;
}

/** Below this size a file is prepared on the main thread: starting workers would cost more. */
export const WORKER_MIN_BYTES = 1 << 20;

/** Threads for a file of this size: all cores but one (the database and the main thread share it). */
export function threadsFor(fileSize: number): number {
  return fileSize < WORKER_MIN_BYTES ? 0 : Math.max(1, availableParallelism() - 1);
}

export function preparer(setup: PrepareSetup, threads: number): Preparer {
  if (threads === 0) {
    const prepare = batchPreparer(setup);
    return { prepare: async (rows) => prepare(rows), close: async () => {} };
  }
  const pool = new Piscina({
    filename: new URL('./import-prepare.worker.mjs', import.meta.url).href,
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
  });
  return {
    prepare: (rows) => pool.run(rows) as Promise<PreparedRow[]>,
    close: () => pool.destroy(),
  };
}
