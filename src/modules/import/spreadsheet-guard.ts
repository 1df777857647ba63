import yauzl from 'yauzl';
import { AppError, fieldError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';

/**
 * An XLSX file is a zip archive: a few MB can inflate to gigabytes (a "zip bomb"). Every entry is
 * bounded from the zip's central directory before a byte of it is inflated, and yauzl checks
 * while inflating that no entry grows past the size it declared, so a lying header is caught too.
 *
 * The limits, measured on exceljs-written workbooks of test/synthetic-import.ts: 300 000 rows are
 * a 20 MB file whose sheet inflates to 123 MB (7:1) and shared strings to 20 MB (6.7:1); 750 000
 * rows are a 51.5 MB file (just over an upload's 50 MB) whose sheet inflates to 311 MB (7:1) and
 * shared strings to 48 MB (7:1). Sheets of repetitive or empty styled cells compress better, so
 * the ratio bound leaves a wide margin; a zip bomb's entries run at 1 000:1.
 */
/** One entry's inflated size: three times a 50 MB upload's sheet, for the CLI's larger files. */
export const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;
/** All entries together, inflated. */
export const MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;
/** Inflated ÷ compressed for one entry: 100:1, Apache POI's bound too (its minimum inflate ratio 0.01). */
export const MAX_RATIO = 100;
/** Entries smaller than this are not held to the ratio: however well they compress, they cannot hurt. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;
/** A workbook has a dozen parts; thousands mean many sheets or pictures, none of which an import reads. */
export const MAX_ENTRIES = 10_000;
/** Excel's own limit for one cell (Excel specifications and limits: 32,767 characters). */
export const MAX_CELL_CHARS = 32_767;

export type FileSource = { path: string } | { buffer: Buffer };

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export const fileProblem = (rule: string, key: MessageKey, params: Record<string, string | number> = {}) =>
  fieldError('file', rule, key, params);

/** Any failure to read the file that is not one of the named limits: the file's problem, a 400. */
export function unreadable(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return fileProblem('unreadable', 'import.unreadableFile', { reason: reason.slice(0, 200) });
}

export interface GuardedZip {
  names: Set<string>;
  /** The entry's bytes, inflated under the limits; undefined when the archive has no such entry. */
  read(name: string): AsyncIterable<Buffer> | undefined;
  close(): void;
}

function checkEntry(entry: yauzl.Entry) {
  const { fileName: entryName, uncompressedSize: size, compressedSize } = entry;
  const ratio = size / Math.max(1, compressedSize);
  if (size > RATIO_FLOOR_BYTES && ratio > MAX_RATIO)
    throw fileProblem('zipRatio', 'import.zipRatioTooHigh', {
      entry: entryName,
      ratio: Math.round(ratio),
      limit: MAX_RATIO,
      size: mb(size),
    });
  if (size > MAX_ENTRY_BYTES)
    throw fileProblem('zipEntrySize', 'import.zipEntryTooLarge', { entry: entryName, size: mb(size), limit: mb(MAX_ENTRY_BYTES) });
}

/** Opens the archive and checks every entry's declared sizes; nothing is inflated. */
export async function openZip(source: FileSource): Promise<GuardedZip> {
  let zip: yauzl.ZipFile;
  try {
    const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true };
    zip = 'path' in source ? await yauzl.openPromise(source.path, options) : await yauzl.fromBufferPromise(source.buffer, options);
  } catch (err) {
    throw unreadable(err);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES)
      throw fileProblem('zipEntries', 'import.zipTooManyEntries', { count: zip.entryCount, limit: MAX_ENTRIES });
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      checkEntry(entry);
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL_BYTES) throw fileProblem('zipTotalSize', 'import.zipTotalTooLarge', { limit: mb(MAX_TOTAL_BYTES) });
      entries.set(entry.fileName, entry);
    }
    return {
      names: new Set(entries.keys()),
      read: (name) => {
        const entry = entries.get(name);
        return entry && inflated(zip, entry);
      },
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw unreadable(err);
  }
}

async function* inflated(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<Buffer> {
  let stream: AsyncIterable<Buffer>;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    throw unreadable(err);
  }
  try {
    for await (const chunk of stream) yield chunk;
  } catch (err) {
    // yauzl stops an entry that inflates past (or short of) the size the archive declared for it.
    if (err instanceof Error && /bytes in the stream/.test(err.message))
      throw fileProblem('zipSizeMismatch', 'import.zipSizeMismatch', { entry: entry.fileName, size: mb(entry.uncompressedSize) });
    throw unreadable(err);
  }
}

/** The parts an import reads: without them the file is not a workbook Excel would open. */
export const WORKBOOK_PART = 'xl/workbook.xml';
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

/** The upload's cheap check: the central directory's sizes and the workbook's parts. */
export async function inspectZip(source: FileSource): Promise<void> {
  const zip = await openZip(source);
  zip.close();
  if (!zip.names.has(WORKBOOK_PART)) throw fileProblem('xlsxPart', 'import.xlsxPartMissing', { part: WORKBOOK_PART });
  if (![...zip.names].some((n) => SHEET_PART.test(n)))
    throw fileProblem('xlsxPart', 'import.xlsxPartMissing', { part: 'xl/worksheets/sheet1.xml' });
}
