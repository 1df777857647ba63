import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Config } from '../../config.ts';
import { translate } from '../../platform/i18n/messages.ts';

/**
 * What every proof PDF (certificates, statements) shares: Chinese embedded from the Noto Sans SC
 * font that ships with @embedpdf/fonts-sc (every GB2312 character), so the text extracts exactly
 * (pdftotext); a title in both languages; label–value lines; the verification footer with its QR
 * code; and the red stamp of a revoked proof.
 */
// The package exports only its index; the fonts sit beside it (dist/ → ../fonts/).
const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONT = path.join(fonts, 'NotoSansHans-Regular.otf');
const BOLD = path.join(fonts, 'NotoSansHans-Bold.otf');

/** The public verify address of a certificate or statement, on the configured public address (never the request's Host). */
export const verifyUrl = (config: Config, code: string) => `${config.publicUrl}/verify/${code}`;

export interface ProofDocument {
  doc: PDFKit.PDFDocument;
  /** A bold label and its value on one line. */
  line: (label: string, value: string) => void;
  /** Ends the document; resolves to its bytes. */
  finish: () => Promise<Buffer>;
}

export function openProof(title: { zh: string; en: string }, extraInfo: Record<string, string> = {}): ProofDocument {
  const info: PDFKit.DocumentInfo & Record<string, string> = { Title: title.zh, Author: '志愿一张网 Volunet', ...extraInfo };
  const doc = new PDFDocument({ size: 'A4', margin: 56, info });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);
  doc.font('bold').fontSize(22).text(title.zh, { align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(10).fillColor('#666').text(title.en, { align: 'center' });
  doc.moveDown(1.2).fillColor('#000').fontSize(12);
  const line = (label: string, value: string) => doc.font('bold').text(`${label}：`, { continued: true }).font('body').text(value);
  return {
    doc,
    line,
    finish: () => {
      doc.end();
      return done;
    },
  };
}

/** The issue date, the code, where and with which key to verify, and the QR code in the corner. */
export function verifyFooter(
  { doc, line }: ProofDocument,
  f: { issuedOn: string; code: string; verifyUrl: string; keyId: string; qr: Buffer },
) {
  doc.moveDown(1).fillColor('#000').fontSize(12);
  line('出具日期', f.issuedOn);
  line('核验码', f.code);
  doc.fontSize(9).fillColor('#666').text(`核验地址：${f.verifyUrl}`);
  doc.text(`平台签名密钥指纹 Ed25519：${f.keyId}`);
  doc.image(f.qr, doc.page.width - 56 - 130, doc.page.height - 56 - 170, { width: 130 });
}

/**
 * A red stamp in both languages with the date and the reason, in the free space under the facts
 * so nothing it covers is lost. Level, not tilted: tilted text comes out of pdftotext (and screen
 * readers) as scattered letters.
 */
export function stampRevoked(doc: PDFKit.PDFDocument, revoked: { on: string; reason: string }) {
  const params = { date: revoked.on, reason: revoked.reason };
  const [x, y, w, h] = [84, doc.y + 36, doc.page.width - 168, 150];
  doc.save();
  doc.lineWidth(4).fillColor('#fff1f0').strokeColor('#cf1322').roundedRect(x, y, w, h, 10).fillAndStroke();
  doc.fillColor('#cf1322').font('bold').fontSize(40);
  doc.text(`${translate('zh-CN', 'certificate.revokedMark')}  ${translate('en-US', 'certificate.revokedMark')}`, x, y + 16, {
    width: w,
    align: 'center',
  });
  doc
    .font('body')
    .fontSize(11)
    .text(translate('zh-CN', 'certificate.revokedOn', params), x + 12, y + 78, { width: w - 24, align: 'center' });
  doc.fontSize(10).text(translate('en-US', 'certificate.revokedOn', params), { width: w - 24, align: 'center' });
  doc.restore();
}

/** Awards on record, one a line (MCA 2020 measures, Art 9). */
export function awardLines({ doc }: ProofDocument, awards: { title: string; year: number; grantedOn: string }[]) {
  doc.moveDown(0.8).font('bold').text('荣誉记录');
  doc.moveDown(0.3).font('body');
  if (awards.length === 0) doc.text('无');
  for (const a of awards) doc.text(`${a.title}（${a.year}年，${a.grantedOn} 授予）`);
}
