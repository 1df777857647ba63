import QRCode from 'qrcode';
import type { CertificateSeal } from '../../domain/records/certificate-seal.ts';
import type { StatementFacts, StatementKind } from '../../domain/records/statement.ts';
import { STATEMENT_SEAL_INFO_KEY, statementSealText } from '../../domain/records/statement-seal.ts';
import { awardLines, openProof, type ProofDocument, stampRevoked, verifyFooter } from './proof-pdf.ts';

/**
 * A signed statement as a PDF to hand to a school, an employer or the household-registration
 * office (proof-pdf.ts: fonts, footer, stamp). Its QR code opens the public verify page for its
 * code, where the signature is checked against the stored facts; the seal in its info dictionary
 * (statement-seal.ts) lets the file be checked with the public key alone.
 */
export const STATEMENT_TITLES: Record<StatementKind, { zh: string; en: string }> = {
  schoolPractice: { zh: '学生志愿服务实践证明', en: 'Statement of student volunteer practice' },
  employerReference: { zh: '志愿服务经历证明', en: 'Reference of volunteer service' },
  residencePoints: {
    zh: '志愿服务时长及荣誉证明（积分落户）',
    en: 'Statement of volunteer hours and awards for household-registration points',
  },
};

export interface StatementPdfInput {
  facts: StatementFacts;
  verifyUrl: string;
  seal: CertificateSeal;
  revoked?: { on: string; reason: string };
}

const h = (n: number) => `${n.toFixed(2)} 小时`;

function kindLines(proof: ProofDocument, f: StatementFacts) {
  const { doc, line } = proof;
  if (f.kind === 'schoolPractice') {
    line('学校', f.school);
    const { schoolYear, half, from, to } = f.term;
    const term = schoolYear === null ? '' : `${schoolYear}–${schoolYear + 1}学年${half === 'autumn' ? '秋季' : '春季'}学期，`;
    line('实践期间', `${term}${from} 至 ${to}`);
    line('期间服务时长合计', h(f.totalHours));
    doc.moveDown(0.8).font('bold').text('参加的志愿服务活动');
    doc.moveDown(0.3).font('body');
    for (const a of f.activities) doc.text(`${a.date}　${a.title}　${a.organization}　${h(a.hours)}`);
    return;
  }
  line('累计服务时长', h(f.totalHours));
  line('星级', f.stars > 0 ? `${f.stars} 星志愿者` : '未达星级');
  if (f.kind === 'employerReference') {
    line('首次服务日期', f.firstServedOn ?? '—');
    line('有服务记录的年份', `${f.yearsActive} 年`);
    doc.moveDown(0.8).font('bold').text('服务过的志愿服务组织');
    doc.moveDown(0.3).font('body');
    for (const o of f.organizations) doc.text(`${o.name}　${h(o.hours)}`);
    if (f.categories.length) line('主要服务类别', f.categories.map((c) => `${c.name}（${h(c.hours)}）`).join('、'));
  } else {
    doc.moveDown(0.8).font('bold').text('各年度服务时长');
    doc.moveDown(0.3).font('body');
    for (const y of f.years) doc.text(`${y.year} 年　${h(y.hours)}`);
    line(`以上 ${f.years.length} 年合计`, h(f.totalHours));
  }
  awardLines(proof, f.awards);
}

export async function statementPdf({ facts, verifyUrl, seal, revoked }: StatementPdfInput): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { margin: 2, scale: 6, errorCorrectionLevel: 'M' });
  const proof = openProof(STATEMENT_TITLES[facts.kind], { [STATEMENT_SEAL_INFO_KEY]: statementSealText(seal) });
  const { doc, line } = proof;
  line('姓名', facts.name);
  line('证件号码', facts.docMasked ?? '—');
  line('志愿者编号', facts.volunteerNo);
  kindLines(proof, facts);
  doc.moveDown(0.8);
  const issuer = facts.issuedBy === 'office' ? `${facts.issuingOffice ?? ''}志愿服务工作机构代为出具` : '本人自助出具';
  doc
    .fontSize(10)
    .fillColor('#444')
    .text(
      `以上服务时长依据《志愿服务记录与证明出具办法（试行）》由记录单位确认，载入志愿一张网服务时长账本（${issuer}）。本证明免费出具，可扫描二维码或访问下方地址核验。`,
    );
  verifyFooter(proof, { issuedOn: facts.issuedOn, code: facts.code, verifyUrl, keyId: seal.keyId, qr });
  if (revoked) stampRevoked(doc, revoked);
  return proof.finish();
}
