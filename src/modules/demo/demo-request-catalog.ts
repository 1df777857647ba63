import type { BeneficiaryKind, RequestChannel, RequestUrgency } from '../../domain/requests/catalog.ts';

/** What the demo requests are made of: which needs each kind of beneficiary has, how they ask, how long a service takes. */

export const CATEGORIES: Record<BeneficiaryKind, (readonly [string, number])[]> = {
  elderly_alone: [
    ['elderly_care', 20],
    ['meal_delivery', 18],
    ['companionship', 15],
    ['medical_escort', 12],
    ['cleaning', 12],
    ['foot_wash', 8],
    ['haircut', 8],
    ['micro_wish', 4],
    ['legal_aid', 3],
  ],
  elderly: [
    ['elderly_care', 20],
    ['medical_escort', 15],
    ['meal_delivery', 12],
    ['cleaning', 12],
    ['haircut', 10],
    ['foot_wash', 6],
    ['companionship', 10],
    ['legal_aid', 4],
  ],
  disabled: [
    ['disability_aid', 35],
    ['medical_escort', 20],
    ['cleaning', 15],
    ['haircut', 10],
    ['counseling', 8],
    ['micro_wish', 5],
  ],
  child_in_care: [
    ['child_care', 45],
    ['micro_wish', 30],
    ['counseling', 15],
    ['medical_escort', 5],
  ],
  family_in_need: [
    ['micro_wish', 30],
    ['legal_aid', 25],
    ['counseling', 20],
    ['child_care', 15],
  ],
  other: [
    ['legal_aid', 35],
    ['companionship', 25],
    ['counseling', 20],
    ['micro_wish', 15],
  ],
};
export const CHANNELS: Record<BeneficiaryKind, (readonly [RequestChannel, number])[]> = {
  elderly_alone: [
    ['hotline', 45],
    ['walk_in', 30],
    ['app', 25],
  ],
  elderly: [
    ['hotline', 35],
    ['walk_in', 30],
    ['app', 35],
  ],
  disabled: [
    ['hotline', 30],
    ['walk_in', 30],
    ['app', 40],
  ],
  child_in_care: [
    ['hotline', 10],
    ['walk_in', 50],
    ['app', 40],
  ],
  family_in_need: [
    ['hotline', 25],
    ['walk_in', 25],
    ['app', 50],
  ],
  other: [
    ['hotline', 30],
    ['walk_in', 30],
    ['app', 40],
  ],
};
export const URGENCIES: (readonly [RequestUrgency, number])[] = [
  ['normal', 65],
  ['low', 15],
  ['urgent', 15],
  ['critical', 5],
];
/** How long a service takes, in minutes. */
export const DURATION: Record<string, number> = {
  medical_escort: 180,
  cleaning: 120,
  foot_wash: 60,
  haircut: 60,
  meal_delivery: 30,
  legal_aid: 60,
  counseling: 90,
};
export const NOTES: Record<string, string> = {
  elderly_care: '上门探访，协助日常起居',
  meal_delivery: '午餐送餐到家，请敲门后稍等',
  companionship: '陪老人聊天、读报',
  medical_escort: '陪同就医：挂号、取药、缴费',
  cleaning: '厨房和卫生间清洁',
  foot_wash: '上门洗脚、修剪指甲',
  haircut: '上门理发',
  micro_wish: '微心愿：一台收音机',
  legal_aid: '赡养费纠纷咨询',
  disability_aid: '陪同出行，推轮椅',
  child_care: '作业辅导、陪伴阅读',
  counseling: '情绪疏导，约定时间电话回访',
};
export const OVERRIDE_REASONS = ['家属要求加做一次，已电话确认', '前次服务未完成（水温不适中止）', '两家组织重复派单，已核实为不同项目'];
export const OVER_SERVED = [
  ['foot_wash', 40],
  ['haircut', 25],
  ['cleaning', 20],
  ['meal_delivery', 15],
] as const;
