import QRCode from 'qrcode';
import type { CertificateFacts } from '../../domain/records/certificate.ts';
import { type CertificateSeal, qrPayload, SEAL_INFO_KEY, sealText } from '../../domain/records/certificate-seal.ts';
import { awardLines, openProof, stampRevoked, verifyFooter } from './proof-pdf.ts';

/**
 * The certificate as a PDF a volunteer prints themselves (proof-pdf.ts: fonts, footer, stamp). The QR code opens the public verification page and carries the
 * signed facts; the info dictionary carries the whole seal (certificate-seal.ts), so the file
 * verifies offline with the published key. A revoked certificate's PDF is stamped as such.
 */

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
  const proof = openProof({ zh: '志愿服务记录证明', en: 'Certificate of volunteer service' }, { [SEAL_INFO_KEY]: sealText(seal) });
  const { doc, line } = proof;
  line('姓名', facts.name);
  line('证件号码', facts.docMasked ?? '—');
  line('志愿者编号', facts.volunteerNo);
  line('服务期间', `${facts.from} 至 ${facts.to}`);
  line('服务时长合计', `${facts.totalHours.toFixed(2)} 小时`);
  doc.moveDown(0.8).font('bold').text('记录单位及服务时长');
  doc.moveDown(0.3).font('body');
  for (const o of facts.organizations) doc.text(`${o.name}　${o.hours.toFixed(2)} 小时（${o.records} 条记录）`);
  if (facts.awards) awardLines(proof, facts.awards);
  doc.moveDown(0.8);
  doc
    .fontSize(10)
    .fillColor('#444')
    .text(
      '以上服务时长依据《志愿服务记录与证明出具办法（试行）》由记录单位确认，载入志愿一张网服务时长账本。本证明免费出具，可扫描二维码或访问下方地址核验。',
    );
  verifyFooter(proof, { issuedOn: facts.issuedOn, code: facts.code, verifyUrl, keyId: seal.keyId, qr });
  if (revoked) stampRevoked(doc, revoked);
  return proof.finish();
}
