import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateFacts } from '../../domain/records/certificate.ts';

/**
 * The certificate as a PDF a volunteer prints themselves. Chinese is embedded from the
 * Noto Sans SC font that ships with @embedpdf/fonts-sc (every GB2312 character), so the text
 * extracts exactly (pdftotext). The QR code opens the public verification page.
 */
// The package exports only its index; the fonts sit beside it (dist/ → ../fonts/).
const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONT = path.join(fonts, 'NotoSansHans-Regular.otf');
const BOLD = path.join(fonts, 'NotoSansHans-Bold.otf');

export async function certificatePdf(facts: CertificateFacts, verifyUrl: string, fingerprint: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: '志愿服务记录证明', Author: '志愿一张网 Volunet' } });
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
  doc.text(`平台签名密钥指纹 Ed25519：${fingerprint}`);
  doc.image(qr, doc.page.width - 56 - 120, doc.page.height - 56 - 160, { width: 120 });
  doc.end();
  return done;
}
