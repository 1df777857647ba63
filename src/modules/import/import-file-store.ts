import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { PiiKeys } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import * as q from './import.queries.ts';
import { detectFormat, type ImportFile } from './import-file.ts';

/**
 * An uploaded file at rest (PIPL: it holds every row's ID number and phone): cut into parts of
 * 1 MiB, each sealed with AES-256-GCM under the current personal-data key (the keys of
 * src/platform/pii.ts), laid out as pii.ts lays out a value, iv (12) · tag (16) · ciphertext,
 * with the job and the part's number as additional data, so a part cannot be moved to another
 * place or job unnoticed. Parts keep each statement and each step small: the server goes on
 * answering while a 50 MB file is stored or read.
 */
export const PART_BYTES = 1 << 20;
/** What the parsers are handed at a time: small enough that parsing one never holds the event loop long. */
const SLICE_BYTES = 64 * 1024;
const SNIFF_BYTES = 256 * 1024;

const additionalData = (jobId: string, seq: number) => Buffer.from(`${jobId}:${seq}`);

function sealPart(keys: PiiKeys, jobId: string, seq: number, plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption[keys.currentVersion], iv);
  cipher.setAAD(additionalData(jobId, seq));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function openPart(keys: PiiKeys, keyVersion: number, jobId: string, seq: number, sealed: Buffer): Buffer {
  const key = keys.encryption[keyVersion];
  if (!key) throw new Error(`No PII key of version ${keyVersion}`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(additionalData(jobId, seq));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/** The SHA-256 of a large buffer, a part at a time with the event loop let go between parts. */
export async function sha256Of(content: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < content.length; at += PART_BYTES) {
    hash.update(content.subarray(at, at + PART_BYTES));
    await yieldToLoop();
  }
  return hash.digest('hex');
}

/** Seals and stores the file of a job, part by part; answers the key version it is sealed under. */
export async function storeFile(db: Executor, keys: PiiKeys, jobId: string, content: Buffer): Promise<number> {
  for (let seq = 0; seq * PART_BYTES < content.length; seq++) {
    const plain = content.subarray(seq * PART_BYTES, (seq + 1) * PART_BYTES);
    await q.insertFilePart(db, jobId, seq, sealPart(keys, jobId, seq, plain));
  }
  return keys.currentVersion;
}

/** A stored file's plaintext parts in order; throws when a part is missing, changed or sealed under another key. */
async function* partsOf(db: Executor, keys: PiiKeys, job: StoredJob, from = 0): AsyncGenerator<Buffer> {
  const parts = Math.ceil(job.fileSize / PART_BYTES);
  for (let seq = from; seq < parts; seq++) {
    const sealed = await q.filePart(db, job.id, seq);
    if (!sealed) throw new Error(`import file part ${seq} of ${parts} is missing`);
    yield openPart(keys, job.fileKeyVersion, job.id, seq, sealed);
  }
}

async function* slices(parts: AsyncGenerator<Buffer>, first: Buffer): AsyncGenerator<Buffer> {
  for (const part of [first]) for (let at = 0; at < part.length; at += SLICE_BYTES) yield part.subarray(at, at + SLICE_BYTES);
  for await (const part of parts) {
    for (let at = 0; at < part.length; at += SLICE_BYTES) yield part.subarray(at, at + SLICE_BYTES);
    // A part's rows parsed: let the server answer before the next part.
    await yieldToLoop();
  }
}

export interface StoredJob {
  id: string;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  fileKeyVersion: number;
}

/**
 * The stored file of a job as the pipeline reads it: streamed from its parts, never whole in
 * memory. Every part is opened once first: a part missing or changed fails here, before any row
 * is read, rather than as an error in the middle of a parser's stream.
 */
export async function storedFile(db: Executor, keys: PiiKeys, job: StoredJob): Promise<ImportFile> {
  let first: Buffer | undefined;
  for await (const part of partsOf(db, keys, job)) first ??= part;
  if (!first) throw new Error('import file is empty');
  const head = first.subarray(0, SNIFF_BYTES);
  return {
    fileName: job.fileName,
    format: detectFormat(head, job.fileName),
    size: job.fileSize,
    sha256: job.fileSha256,
    head,
    open: () => Readable.from(slices(partsOf(db, keys, job, 1), first)),
  };
}
