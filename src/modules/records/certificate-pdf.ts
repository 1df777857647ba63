import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateFacts } from '../../domain/records/certificate.ts';
import { type CertificateSeal, qrPayload, SEAL_INFO_KEY, sealText } from '../../domain/records/certificate-seal.ts';
import { translate } from '../../platform/i18n/messages.ts';

/**
 * The certificate as a PDF a volunteer prints themselves. Chinese is embedded from the
 * Noto Sans SC font that ships with @embedpdf/fonts-sc (every GB2312 character), so the text
 * extracts exactly (pdftotext). The QR code opens the public verification page and carries the
 * signed facts; the info dictionary carries the whole seal (certificate-seal.ts), so the file
 * verifies offline with the published key. A revoked certificate's PDF is stamped as such.
 */
// The package exports only its index; the fonts sit beside it (dist/ → ../fonts/).
const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONT = path.join(fonts, 'NotoSansHans-Regular.otf');
const BOLD = path.join(fonts, 'NotoSansHans-Bold.otf');

export interface CertificatePdfInput {
  facts: CertificateFacts;
  /** The verify address on the configured public address, never the request's Host. */
  verifyUrl: string;
  seal: CertificateSeal;
  revoked?: { on: string; reason: string };
}

// Level L keeps the code small (about version 12 for a certificate of two organizations) at the
// size printed: a phone reads it from paper at 4 cm; the seal in the metadata does not depend on it.
const QR_LEVEL = 'L';

/** Past this version a printed code is too dense to scan at its size (and past 40 it cannot be made). */
export const MAX_QR_VERSION = 25;

/**
 * The facts and signature in the QR code while they fit (a certificate of many organizations may
 * not); otherwise the verify address alone, and the seal in the metadata still carries everything.
 */
export function qrText(verifyUrl: string, facts: CertificateFacts, seal: CertificateSeal): string {
  const full = qrPayload(verifyUrl, facts, seal.signature);
  try {
    if (QRCode.create(full, { errorCorrectionLevel: QR_LEVEL }).version <= MAX_QR_VERSION) return full;
  } catch {
    // Too long for any QR code.
  }
  return verifyUrl;
}

export async function certificatePdf({ facts, verifyUrl, seal, revoked }: CertificatePdfInput): Promise<Buffer> {
  const qr = await QRCode.toBuffer(qrText(verifyUrl, facts, seal), { margin: 2, scale: 6, errorCorrectionLevel: QR_LEVEL });
  const info: PDFKit.DocumentInfo & Record<string, string> = { Title: '志愿服务记录证明', Author: '志愿一张网 Volunet' };
  info[SEAL_INFO_KEY] = sealText(seal);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);

  doc.font('bold').fontSize(22).text('志愿服务记录证明', { align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(10).fillColor('#666').text('Certificate of volunteer service', { align: 'center' });
  doc.moveDown(1.2).fillColor('#000').fontSize(12);
  const line = (label: string, value: string) => doc.font('bold').text(`${label}：`, { continued: true }).font('body').text(value);
  line('姓名', facts.name);
  line('证件号码', facts.docMasked ?? '—');
  line('志愿者编号', facts.volunteerNo);
  line('服务期间', `${facts.from} 至 ${facts.to}`);
  line('服务时长合计', `${facts.totalHours.toFixed(2)} 小时`);
  doc.moveDown(0.8).font('bold').text('记录单位及服务时长');
  doc.moveDown(0.3).font('body');
  for (const o of facts.organizations) doc.text(`${o.name}　${o.hours.toFixed(2)} 小时（${o.records} 条记录）`);
  doc.moveDown(0.8);
  doc
    .fontSize(10)
    .fillColor('#444')
    .text(
      '以上服务时长依据《志愿服务记录与证明出具办法（试行）》由记录单位确认，载入志愿一张网服务时长账本。本证明免费出具，可扫描二维码或访问下方地址核验。',
    );
  doc.moveDown(1).fillColor('#000').fontSize(12);
  line('出具日期', facts.issuedOn);
  line('核验码', facts.code);
  doc.fontSize(9).fillColor('#666').text(`核验地址：${verifyUrl}`);
  doc.text(`平台签名密钥指纹 Ed25519：${seal.keyId}`);
  doc.image(qr, doc.page.width - 56 - 130, doc.page.height - 56 - 170, { width: 130 });
  if (revoked) stampRevoked(doc, revoked);
  doc.end();
  return done;
}

/**
 * A red stamp in both languages with the date and the reason, in the free space under the facts
 * so nothing it covers is lost. Level, not tilted: tilted text comes out of pdftotext (and screen
 * readers) as scattered letters.
 */
function stampRevoked(doc: PDFKit.PDFDocument, revoked: { on: string; reason: string }) {
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
