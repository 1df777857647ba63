import {
  AccountBookOutlined,
  AlertOutlined,
  AuditOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  ClusterOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FlagOutlined,
  FundOutlined,
  GiftOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  ImportOutlined,
  NodeIndexOutlined,
  PhoneOutlined,
  QrcodeOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingOutlined,
  StarOutlined,
  StopOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
  UsergroupAddOutlined,
  UserOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { can, isSelfOnly } from '../auth/session.ts';

export interface MenuEntry {
  path: string;
  labelKey: string;
  icon: ReactNode;
  visible: (me: Me) => boolean;
  /** false: left out of the phone tab bar (it would not fit); the account page links to it instead. */
  tab?: false;
  /** Pages under other paths that are reached from this entry's page and keep it lit. */
  also?: string[];
}

/** The menu follows the permissions the server reports for the signed-in roles and scopes. */
export const MENU: MenuEntry[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, visible: () => true },
  { path: '/me', labelKey: 'nav.myVolunteer', icon: <IdcardOutlined />, visible: (me) => me.grants.some((g) => g.role === 'volunteer') },
  {
    path: '/my/enrollments',
    labelKey: 'enrollments.menu',
    icon: <CalendarOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
  },
  {
    path: '/requests/nearby',
    labelKey: 'matching.menu',
    icon: <EnvironmentOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  {
    path: '/check-in',
    labelKey: 'checkin.menu',
    icon: <QrcodeOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  {
    path: '/my/hours',
    labelKey: 'hours.menu',
    icon: <DashboardOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  // Signed statements for a school, an employer or household registration (issue 19), beside the hours and certificates.
  {
    path: '/my/statements',
    labelKey: 'statements.menu',
    icon: <FileProtectOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  {
    path: '/my/points',
    labelKey: 'points.menu',
    icon: <GiftOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  {
    path: '/my/time-bank',
    labelKey: 'timeBank.menu',
    icon: <FieldTimeOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  // Benefits (issue 19): volunteers redeem points; a benefit partner's staff scan codes and run their offers.
  {
    path: '/benefits',
    labelKey: 'benefits.menu',
    icon: <ShoppingOutlined />,
    visible: (me) => can(me, 'benefit.redeem'),
    tab: false,
  },
  { path: '/partner/scan', labelKey: 'benefitScan.menu', icon: <ScanOutlined />, visible: (me) => can(me, 'benefit.scan') },
  { path: '/partner/offers', labelKey: 'benefitOffers.menu', icon: <ShopOutlined />, visible: (me) => can(me, 'benefit.manageOffers') },
  {
    path: '/partner/statement',
    labelKey: 'benefitStatement.menu',
    icon: <AccountBookOutlined />,
    visible: (me) => can(me, 'benefit.manageOffers'),
  },
  {
    path: '/my/honours',
    labelKey: 'myHonours.menu',
    icon: <TrophyOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  {
    path: '/volunteers',
    labelKey: 'nav.volunteers',
    icon: <TeamOutlined />,
    visible: (me) => can(me, 'volunteer.read') && !isSelfOnly(me),
  },
  { path: '/import', labelKey: 'nav.imports', icon: <ImportOutlined />, visible: (me) => can(me, 'volunteer.import') },
  {
    path: '/organizations',
    labelKey: 'nav.organizations',
    icon: <UsergroupAddOutlined />,
    visible: (me) => can(me, 'organization.browse'),
    tab: false,
  },
  { path: '/projects', labelKey: 'nav.projects', icon: <FlagOutlined />, visible: (me) => can(me, 'project.browse'), tab: false },
  { path: '/activities', labelKey: 'activities.menu', icon: <ScheduleOutlined />, visible: () => true },
  // Everyone who takes part finds the courses; organizations and offices run them (MCA 2020 measures, Art 8).
  {
    path: '/training',
    labelKey: 'training.menu',
    icon: <ReadOutlined />,
    visible: (me) => can(me, 'training.manage') || me.grants.some((g) => g.role === 'volunteer'),
    tab: false,
  },
  {
    path: '/insurance',
    labelKey: 'insurance.menu',
    icon: <SafetyCertificateOutlined />,
    visible: (me) => can(me, 'insurance.manage'),
    tab: false,
  },
  // The organization records and confirms hours (MCA 2020 measures, Art 11–13); offices revoke certificates.
  { path: '/records', labelKey: 'orgRecords.menu', icon: <FileDoneOutlined />, visible: (me) => can(me, 'record.manage'), tab: false },
  {
    path: '/certificates',
    labelKey: 'certRevoke.menu',
    icon: <StopOutlined />,
    visible: (me) => can(me, 'certificate.revoke'),
    tab: false,
  },
  // The people served: a resident asks for help on the phone; offices, organizations, stations and operators handle requests.
  {
    path: '/my/requests',
    labelKey: 'requests.myMenu',
    icon: <HeartOutlined />,
    visible: (me) => me.grants.some((g) => g.role === 'resident'),
  },
  {
    path: '/requests',
    labelKey: 'requests.menu',
    icon: <CustomerServiceOutlined />,
    visible: (me) => can(me, 'request.read') && me.grants.some((g) => g.role !== 'resident'),
    tab: false,
  },
  // The hotline's operators (and offices that take calls) answer callers here.
  { path: '/hotline', labelKey: 'hotline.menu', icon: <PhoneOutlined />, visible: (me) => can(me, 'hotline.answer'), tab: false },
  // The people served: staff who look after them (a resident reaches only their own record, on their home page).
  {
    path: '/beneficiaries',
    labelKey: 'beneficiaries.menu',
    icon: <HeartOutlined />,
    visible: (me) => can(me, 'beneficiary.manage') && !isSelfOnly(me),
    tab: false,
  },
  // Offices call volunteers out in an emergency (应急动员); auditors read the calls.
  { path: '/emergency', labelKey: 'emergency.menu', icon: <AlertOutlined />, visible: (me) => can(me, 'emergency.read'), tab: false },
  { path: '/stations', labelKey: 'nav.stations', icon: <ShopOutlined />, visible: (me) => can(me, 'station.read'), tab: false },
  {
    path: '/areas',
    labelKey: 'nav.areas',
    icon: <ClusterOutlined />,
    visible: (me) => can(me, 'area.create') || me.grants.some((g) => !!g.areaCode),
  },
  // Leaders see where their area stands against the targets (issue 6): the offices and auditors.
  { path: '/kpi', labelKey: 'kpiPage.menu', icon: <FundOutlined />, visible: (me) => can(me, 'kpi.read'), tab: false },
  // The over-service guard's report (issue 18): offices and auditors of the area.
  {
    path: '/reports/service-guard',
    labelKey: 'serviceGuard.menu',
    icon: <AlertOutlined />,
    visible: (me) => can(me, 'serviceGuard.report'),
    tab: false,
  },
  { path: '/skills', labelKey: 'nav.skills', icon: <ToolOutlined />, visible: (me) => can(me, 'skill.manage') },
  {
    path: '/settings/workload',
    labelKey: 'workload.menu',
    icon: <FieldTimeOutlined />,
    visible: (me) => can(me, 'settings.manage'),
    tab: false,
  },
  {
    path: '/settings/requests',
    labelKey: 'requestSettings.menu',
    icon: <SettingOutlined />,
    visible: (me) => can(me, 'requestCategory.manage'),
    tab: false,
  },
  // Annual awards (issue 19): the offices that run rounds, and organizations that nominate.
  {
    path: '/awards',
    labelKey: 'awards.menu',
    icon: <TrophyOutlined />,
    visible: (me) => can(me, 'award.manage') || me.grants.some((g) => g.role === 'org_admin'),
    tab: false,
  },
  // The hours for each star (issue 19): the city office.
  {
    path: '/settings/stars',
    labelKey: 'starScheme.menu',
    icon: <StarOutlined />,
    visible: (me) => can(me, 'stars.manage'),
    tab: false,
  },
  {
    path: '/settings/points',
    labelKey: 'pointsRule.menu',
    icon: <GiftOutlined />,
    visible: (me) => can(me, 'points.manageRules'),
    tab: false,
  },
  // The time bank (issue 19): offices confirm family relationships and read the balance sheet of their area.
  {
    path: '/time-bank/family-reviews',
    labelKey: 'familyReview.menu',
    icon: <FieldTimeOutlined />,
    visible: (me) => can(me, 'timeBank.reviewFamily'),
    tab: false,
  },
  {
    path: '/time-bank/balance-sheet',
    labelKey: 'balanceSheet.menu',
    icon: <FieldTimeOutlined />,
    visible: (me) => can(me, 'timeBank.balanceSheet'),
    tab: false,
  },
  // The office of a partner's area reviews its benefit offers and registers partners.
  {
    path: '/benefits/review',
    labelKey: 'benefitReview.menu',
    icon: <ShoppingOutlined />,
    visible: (me) => can(me, 'benefit.review'),
    tab: false,
    also: ['/benefits/partners/'],
  },
  {
    path: '/settings/time-bank',
    labelKey: 'timeBankRule.menu',
    icon: <FieldTimeOutlined />,
    visible: (me) => can(me, 'timeBank.manageRules'),
    tab: false,
  },
  // Attendance review and card readers: the organization that runs the activities (see POLICY).
  {
    path: '/attendance/review',
    labelKey: 'review.menu',
    icon: <CarryOutOutlined />,
    visible: (me) => can(me, 'activity.manage'),
    tab: false,
  },
  {
    path: '/attendance/devices',
    labelKey: 'devices.menu',
    icon: <WifiOutlined />,
    visible: (me) => can(me, 'device.manage'),
    tab: false,
  },
  { path: '/ledger', labelKey: 'ledger.menu', icon: <NodeIndexOutlined />, visible: (me) => can(me, 'ledger.verify'), tab: false },
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, visible: (me) => can(me, 'audit.read') },
  { path: '/account', labelKey: 'nav.account', icon: <UserOutlined />, visible: () => true },
];

/** The entries a phone's tab bar leaves out: the account tab stands for them and its page links to them. */
export const offTabBar = (me: Me) => MENU.filter((m) => m.tab === false && m.visible(me));

export function selectedKey(pathname: string): string {
  const prefixes = MENU.flatMap((m) => [m.path, ...(m.also ?? [])].map((prefix) => ({ prefix, path: m.path })));
  const match = prefixes
    .filter((p) => p.prefix !== '/' && pathname.startsWith(p.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return match?.path ?? '/';
}
