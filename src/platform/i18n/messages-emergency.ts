/** Emergency calls (应急动员): their rules and notices, in both languages; spread into messages.ts's catalogs. */
export const emergencyZhCN = {
  'entity.emergencyCall': '应急动员',
  'emergency.noOneMatches': '没有符合条件的志愿者（{criteria}；须同意接收应急动员且状态正常）：未发起动员，未保存任何内容',
  'emergency.endsBeforeStart': '结束时间须晚于开始时间',
  'emergency.startsInPast': '开始时间不能早于现在',
  'emergency.headcountPositive': '所需人数须为正整数',
  'emergency.centreRequired': '按半径动员须同时给出中心点的纬度和经度',
  'emergency.centrePair': '中心点的纬度和经度须同时填写',
  'emergency.areaMissing': '区划 {code} 不存在',
  'emergency.areaOutOfScope': '区划 {code} 不在您的管辖范围内',
  'emergency.closed': '该应急动员已结束，不能再响应',
  'emergency.alreadyClosed': '该应急动员已结束',
  'emergency.alreadyAccepted': '您已接受该动员；如不能前往，请联系发起单位',
  'notice.emergency.call': '【应急动员】{title}：{start} 起，{area}，需要 {headcount} 人。请尽快响应：{link}',
  'notice.emergency.filled': '【应急动员】{title} 已满员，感谢响应',
  'notice.emergency.filledStandby': '【应急动员】{title} 已满员；如仍愿意，可登记为候补：{link}',
  'notice.emergency.closed': '【应急动员】{title} 已结束，感谢您的关注',
} as const;

export const emergencyEnUS: Record<keyof typeof emergencyZhCN, string> = {
  'entity.emergencyCall': 'emergency call',
  'emergency.noOneMatches':
    'No volunteer matches ({criteria}; opted in to emergency calls and active): the call was not issued, nothing was saved',
  'emergency.endsBeforeStart': 'Must end after it starts',
  'emergency.startsInPast': 'Cannot start in the past',
  'emergency.headcountPositive': 'The headcount must be a positive whole number',
  'emergency.centreRequired': 'A radius needs a centre: give its latitude and longitude',
  'emergency.centrePair': 'Give both the latitude and the longitude of the centre',
  'emergency.areaMissing': 'Area {code} does not exist',
  'emergency.areaOutOfScope': 'Area {code} is outside your scope',
  'emergency.closed': 'This emergency call has ended; it takes no more answers',
  'emergency.alreadyClosed': 'This emergency call has already ended',
  'emergency.alreadyAccepted': 'You accepted this call; if you cannot go, tell the office that issued it',
  'notice.emergency.call': '[Emergency call] {title}: from {start}, {area}, {headcount} needed. Please answer: {link}',
  'notice.emergency.filled': '[Emergency call] {title} is full; thank you',
  'notice.emergency.filledStandby': '[Emergency call] {title} is full; if you still wish, join the standby list: {link}',
  'notice.emergency.closed': '[Emergency call] {title} has ended; thank you for your attention',
};
