import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { OfferKind, PartnerKind } from '../../domain/benefits/offers.ts';
import { recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import * as q from './benefits.queries.ts';
import { cancelMine, expireDue, redeem, spendCode } from './redemption.service.ts';

type DemoOffer = {
  kind: OfferKind;
  title: string;
  description: string;
  price: number;
  stock: number | null;
  minStars?: number;
  status: 'approved' | 'submitted';
};

const PARTNERS: {
  key: string;
  name: string;
  kind: PartnerKind;
  level: 'district' | 'community' | 'city';
  address: string;
  offers: DemoOffer[];
}[] = [
  {
    key: 'museum',
    name: '杭州博物馆',
    kind: 'museum',
    level: 'district',
    address: '上城区粮道山18号',
    offers: [
      {
        kind: 'item',
        title: '西湖文创书签套装',
        description: '博物馆文创商店凭码领取，一套 6 枚',
        price: 800,
        stock: 60,
        status: 'approved',
      },
      { kind: 'item', title: '馆藏文物明信片', description: '文创商店凭码领取，一张', price: 30, stock: 200, status: 'approved' },
      {
        kind: 'advantage',
        title: '三星志愿者免费参观特展',
        description: '三星及以上志愿者出示电子志愿者证免费参观当期特展',
        price: 0,
        stock: null,
        minStars: 3,
        status: 'approved',
      },
      {
        kind: 'service',
        title: '馆员导览一次（限 4 人）',
        description: '提前一天预约，凭码到服务台',
        price: 1500,
        stock: 20,
        status: 'submitted',
      },
    ],
  },
  {
    key: 'shop',
    name: '邻里便利店',
    kind: 'shop',
    level: 'community',
    address: '社区服务中心一楼',
    offers: [
      { kind: 'item', title: '东北大米 5kg', description: '到店凭码领取', price: 1200, stock: 30, status: 'approved' },
      { kind: 'item', title: '现磨咖啡一杯', description: '到店凭码领取', price: 40, stock: 50, status: 'approved' },
      { kind: 'item', title: '304 不锈钢保温杯', description: '到店凭码领取', price: 2000, stock: 15, status: 'approved' },
    ],
  },
  {
    key: 'transit',
    name: '杭州公交集团',
    kind: 'transit',
    level: 'city',
    address: '各公交服务网点',
    offers: [
      { kind: 'service', title: '公交月票（30 天）', description: '任一公交服务网点凭码开通', price: 3800, stock: 100, status: 'approved' },
      { kind: 'service', title: '公交乘车券（单次）', description: '上车出示兑换码', price: 20, stock: 500, status: 'approved' },
      { kind: 'service', title: '地铁一日票', description: '地铁客服中心凭码领取', price: 900, stock: 200, status: 'submitted' },
    ],
  },
];

/**
 * The demo's benefits (issue 19): three partners (the museum with its own login `merchant`), their
 * offers (800–3 800 points like Kunshan, one 3★ free entry, two waiting for the offices), and the
 * demo volunteer's codes: one used, one open, one expired and refunded. Once: a second run finds them.
 */
export async function seedDemoBenefits(
  db: Db,
  config: Config,
  o: { areas: { city: string; district: string; community: string }; merchantAccountId: string | null; volunteerAccountId: string | null },
) {
  if ((await q.partnerCount(db)) > 0 || !o.merchantAccountId) return null;
  const start = `${Number(todayInChina().slice(0, 4)) - 1}-01-01`;
  const end = `${Number(todayInChina().slice(0, 4)) + 1}-12-31`;
  const offers = new Map<string, string>();
  const seedCtx = { actor: null, requestId: 'seed-benefits' };
  for (const p of PARTNERS) {
    const areaCode = o.areas[p.level];
    const partner = await q.insertPartner(db, {
      name: p.name,
      kind: p.kind,
      areaCode,
      address: p.address,
      contact: '服务台 0571-8000 0000',
      createdBy: null,
    });
    if (p.key === 'museum') await q.linkMember(db, partner.id, o.merchantAccountId);
    for (const d of p.offers) {
      const row = await q.insertOffer(db, partner.id, areaCode, {
        kind: d.kind,
        title: d.title,
        description: d.description,
        price: d.price.toFixed(2),
        stock: d.stock,
        perPersonLimit: d.kind === 'advantage' ? 1 : 5,
        minStars: d.minStars ?? 0,
        areaPrefix: o.areas.city,
        validFrom: start,
        validTo: end,
        codeDays: 30,
      });
      await q.moveOffer(db, row.id, 'draft', d.status);
      // An approval keeps its terms in the audit, as the office's does (verify holds the offer to them).
      if (d.status === 'approved')
        await recordAudit(db, seedCtx, {
          action: 'benefitOffer.approved',
          entityType: 'benefitOffer',
          entityId: row.id,
          areaCode,
          summary: { from: 'draft', note: null, terms: await q.approvedTermsOf(db, row.id) },
        });
      offers.set(d.title, row.id);
    }
  }
  if (!o.volunteerAccountId) return { partners: PARTNERS.length, redemptions: 0 };
  const ctx = (actor: Actor) => ({ actor, requestId: `seed-${Date.now()}` });
  const volunteer: Actor = { accountId: o.volunteerAccountId, displayName: '演示志愿者', grants: [{ role: 'volunteer' }] };
  const merchant: Actor = { accountId: o.merchantAccountId, displayName: '杭州博物馆', grants: [{ role: 'partner' }] };
  const take = (title: string) => redeem(db, config, ctx(volunteer), offers.get(title) as string);
  // The demo volunteer's own points (a dozen hours: 120) buy the small things; the 800–3 800 ones
  // show what more hours are for. Expired (refunded) bus ticket, a postcard used and one open, a coffee cancelled.
  const lapsed = await take('公交乘车券（单次）');
  await q.backdate(db, lapsed.id, 31);
  await expireDue(db, config.ledgerKey);
  const used = await take('馆藏文物明信片');
  await spendCode(db, config, ctx(merchant), used.code);
  await take('馆藏文物明信片');
  const cancelled = await take('现磨咖啡一杯');
  await cancelMine(db, config, ctx(volunteer), cancelled.id);
  return { partners: PARTNERS.length, redemptions: 4 };
}
