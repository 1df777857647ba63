import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';

/** A PDF written to a fresh temporary folder, for poppler's tools and the CLI. */
export function pdfFile(bytes: Buffer | Uint8Array, name = 'certificate.pdf'): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'volunet-cert-')), name);
  writeFileSync(file, bytes);
  return file;
}

/** The PDF's text as pdftotext extracts it (what a reader or a screen reader gets). */
export const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

/** A binary PNM image (P5 grey or P6 colour, 8 bits) as grey levels. */
function readPnm(buf: Buffer): { width: number; height: number; grey: Uint8ClampedArray } {
  const header = /^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit PNM image');
  const [all, kind, w, h] = header;
  const [width, height, channels] = [Number(w), Number(h), kind === '6' ? 3 : 1];
  const data = buf.subarray(all.length);
  const grey = new Uint8ClampedArray(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * channels];
  return { width, height, grey };
}

/** The text of the QR code printed in the PDF, read back from its image as a phone would read it. */
export function qrTextOf(file: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'volunet-qr-'));
  execFileSync('pdfimages', [file, path.join(dir, 'img')]);
  // The first image is the code itself; the second its alpha mask.
  const [image] = readdirSync(dir)
    .filter((f) => /\.p[gp]m$/.test(f))
    .sort();
  const { width, height, grey } = readPnm(readFileSync(path.join(dir, image)));
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(grey, width, height)));
  // The image is the code alone, square to the page: read as such (a camera frame would need the finder patterns' search).
  return new QRCodeReader().decode(bitmap, new Map([[DecodeHintType.PURE_BARCODE, true]])).getText();
}
