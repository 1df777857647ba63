import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from './auth/session.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { usePrefersReducedMotion } from './components/motion.ts';
import i18next, { changeLanguage } from './i18n/index.ts';

/**
 * Each page is its own chunk, loaded when first visited: a volunteer signing in on a phone
 * downloads neither the KPI charts nor the QR scanner.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const AccountPage = page(() => import('./pages/account/AccountPage.tsx'), 'AccountPage');
const ActivityDetailPage = page(() => import('./pages/activities/ActivityDetailPage.tsx'), 'ActivityDetailPage');
const FindActivitiesPage = page(() => import('./pages/activities/FindActivitiesPage.tsx'), 'FindActivitiesPage');
const MyEnrollmentsPage = page(() => import('./pages/activities/MyEnrollmentsPage.tsx'), 'MyEnrollmentsPage');
const AreasPage = page(() => import('./pages/areas/AreasPage.tsx'), 'AreasPage');
const DevicesPage = page(() => import('./pages/attendance/DevicesPage.tsx'), 'DevicesPage');
const ReviewPage = page(() => import('./pages/attendance/ReviewPage.tsx'), 'ReviewPage');
const AuditPage = page(() => import('./pages/audit/AuditPage.tsx'), 'AuditPage');
const ActivityCheckInPage = page(() => import('./pages/checkin/ActivityCheckInPage.tsx'), 'ActivityCheckInPage');
const CheckInPage = page(() => import('./pages/checkin/CheckInPage.tsx'), 'CheckInPage');
const CallLivePage = page(() => import('./pages/emergency/CallLivePage.tsx'), 'CallLivePage');
const EmergencyPage = page(() => import('./pages/emergency/EmergencyPage.tsx'), 'EmergencyPage');
const RespondPage = page(() => import('./pages/emergency/RespondPage.tsx'), 'RespondPage');
const HomePage = page(() => import('./pages/home/HomePage.tsx'), 'HomePage');
const DuplicatesPage = page(() => import('./pages/import/DuplicatesPage.tsx'), 'DuplicatesPage');
const ImportJobPage = page(() => import('./pages/import/ImportJobPage.tsx'), 'ImportJobPage');
const ImportPage = page(() => import('./pages/import/ImportPage.tsx'), 'ImportPage');
const KpiPage = page(() => import('./pages/kpi/KpiPage.tsx'), 'KpiPage');
const LedgerPage = page(() => import('./pages/ledger/LedgerPage.tsx'), 'LedgerPage');
const NotFoundPage = page(() => import('./pages/not-found/NotFoundPage.tsx'), 'NotFoundPage');
const OrganizationDetailPage = page(() => import('./pages/organizations/OrganizationDetailPage.tsx'), 'OrganizationDetailPage');
const OrganizationsPage = page(() => import('./pages/organizations/OrganizationsPage.tsx'), 'OrganizationsPage');
const ProjectDetailPage = page(() => import('./pages/projects/ProjectDetailPage.tsx'), 'ProjectDetailPage');
const ProjectsPage = page(() => import('./pages/projects/ProjectsPage.tsx'), 'ProjectsPage');
const CertificateRevokePage = page(() => import('./pages/records/CertificateRevokePage.tsx'), 'CertificateRevokePage');
const MyHoursPage = page(() => import('./pages/records/MyHoursPage.tsx'), 'MyHoursPage');
const OrgRecordsPage = page(() => import('./pages/records/OrgRecordsPage.tsx'), 'OrgRecordsPage');
const VerifyPage = page(() => import('./pages/records/VerifyPage.tsx'), 'VerifyPage');
const RequestSettingsPage = page(() => import('./pages/request-settings/RequestSettingsPage.tsx'), 'RequestSettingsPage');
const AwardsPage = page(() => import('./pages/awards/AwardsPage.tsx'), 'AwardsPage');
const AwardRoundPage = page(() => import('./pages/awards/AwardRoundPage.tsx'), 'AwardRoundPage');
const MyHonoursPage = page(() => import('./pages/awards/MyHonoursPage.tsx'), 'MyHonoursPage');
const PublicAwardsPage = page(() => import('./pages/awards/PublicAwardsPage.tsx'), 'PublicAwardsPage');
const StarSchemePage = page(() => import('./pages/honours/StarSchemePage.tsx'), 'StarSchemePage');
const ServiceGuardPage = page(() => import('./pages/service-guard/ServiceGuardPage.tsx'), 'ServiceGuardPage');
const RegisterPage = page(() => import('./pages/register/RegisterPage.tsx'), 'RegisterPage');
const MyPointsPage = page(() => import('./pages/points/MyPointsPage.tsx'), 'MyPointsPage');
const PointsRulePage = page(() => import('./pages/points/PointsRulePage.tsx'), 'PointsRulePage');
const BenefitsPage = page(() => import('./pages/benefits/BenefitsPage.tsx'), 'BenefitsPage');
const PartnerScanPage = page(() => import('./pages/benefits/PartnerScanPage.tsx'), 'PartnerScanPage');
const PartnerOffersPage = page(() => import('./pages/benefits/PartnerOffersPage.tsx'), 'PartnerOffersPage');
const PartnerStatementPage = page(() => import('./pages/benefits/PartnerStatementPage.tsx'), 'PartnerStatementPage');
const BenefitsReviewPage = page(() => import('./pages/benefits/BenefitsReviewPage.tsx'), 'BenefitsReviewPage');
const MyTimeBankPage = page(() => import('./pages/time-bank/MyTimeBankPage.tsx'), 'MyTimeBankPage');
const StatementsPage = page(() => import('./pages/records/StatementsPage.tsx'), 'StatementsPage');
const TimeBankRulePage = page(() => import('./pages/time-bank/TimeBankRulePage.tsx'), 'TimeBankRulePage');
const FamilyReviewPage = page(() => import('./pages/time-bank/FamilyReviewPage.tsx'), 'FamilyReviewPage');
const BalanceSheetPage = page(() => import('./pages/time-bank/BalanceSheetPage.tsx'), 'BalanceSheetPage');
const WorkloadPage = page(() => import('./pages/settings/WorkloadPage.tsx'), 'WorkloadPage');
const SignInPage = page(() => import('./pages/sign-in/SignInPage.tsx'), 'SignInPage');
const MyRequestsPage = page(() => import('./pages/requests/MyRequestsPage.tsx'), 'MyRequestsPage');
const NewRequestPage = page(() => import('./pages/requests/NewRequestPage.tsx'), 'NewRequestPage');
const RequestDetailPage = page(() => import('./pages/requests/RequestDetailPage.tsx'), 'RequestDetailPage');
const RequestsPage = page(() => import('./pages/requests/RequestsPage.tsx'), 'RequestsPage');
const BeneficiariesPage = page(() => import('./pages/beneficiaries/BeneficiariesPage.tsx'), 'BeneficiariesPage');
const BeneficiaryDetailPage = page(() => import('./pages/beneficiaries/BeneficiaryDetailPage.tsx'), 'BeneficiaryDetailPage');
const HotlinePage = page(() => import('./pages/hotline/HotlinePage.tsx'), 'HotlinePage');
const HotlineCallsPage = page(() => import('./pages/hotline/CallsPage.tsx'), 'CallsPage');
const StandardsPage = page(() => import('./pages/stations/StandardsPage.tsx'), 'StandardsPage');
const StationDetailPage = page(() => import('./pages/stations/StationDetailPage.tsx'), 'StationDetailPage');
const StationsPage = page(() => import('./pages/stations/StationsPage.tsx'), 'StationsPage');
const NearbyRequestsPage = page(() => import('./pages/matching/NearbyRequestsPage.tsx'), 'NearbyRequestsPage');
const InsurancePage = page(() => import('./pages/training/InsurancePage.tsx'), 'InsurancePage');
const TrainingPage = page(() => import('./pages/training/TrainingPage.tsx'), 'TrainingPage');
const MyVolunteerPage = page(() => import('./pages/volunteers/MyVolunteerPage.tsx'), 'MyVolunteerPage');
const SkillsPage = page(() => import('./pages/volunteers/SkillsPage.tsx'), 'SkillsPage');
const VolunteerDetailPage = page(() => import('./pages/volunteers/VolunteerDetailPage.tsx'), 'VolunteerDetailPage');
const VolunteersPage = page(() => import('./pages/volunteers/VolunteersPage.tsx'), 'VolunteersPage');

function RequireSignIn({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin fullscreen />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export function App() {
  const { i18n } = useTranslation();
  const me = useMe();
  const english = i18n.language === 'en-US';
  const reducedMotion = usePrefersReducedMotion();

  // The account's own language setting wins over the browser's once signed in.
  const accountLocale = me.data?.locale;
  useEffect(() => {
    // Only when the account's setting changes, not on every switch of the UI language.
    if (accountLocale && accountLocale !== i18next.language) void changeLanguage(accountLocale);
  }, [accountLocale]);
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
    document.documentElement.lang = i18n.language;
  }, [english, i18n.language]);

  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#c8102e', colorLink: '#c8102e', borderRadius: 6, motion: !reducedMotion } }}
    >
      <AntApp>
        <Suspense fallback={<Spin fullscreen />}>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/verify" element={<VerifyPage />} />
            <Route path="/verify/:code" element={<VerifyPage />} />
            <Route path="/honours" element={<PublicAwardsPage />} />
            <Route
              element={
                <RequireSignIn>
                  <AppLayout />
                </RequireSignIn>
              }
            >
              <Route index element={<HomePage />} />
              <Route path="areas" element={<AreasPage />} />
              <Route path="areas/:code" element={<AreasPage />} />
              <Route path="kpi" element={<KpiPage />} />
              <Route path="requests" element={<RequestsPage />} />
              <Route path="requests/new" element={<NewRequestPage />} />
              <Route path="requests/:id" element={<RequestDetailPage />} />
              <Route path="my/requests" element={<MyRequestsPage />} />
              <Route path="beneficiaries" element={<BeneficiariesPage />} />
              <Route path="beneficiaries/:id" element={<BeneficiaryDetailPage />} />
              <Route path="hotline" element={<HotlinePage />} />
              <Route path="hotline/calls" element={<HotlineCallsPage />} />
              <Route path="stations" element={<StationsPage />} />
              <Route path="emergency" element={<EmergencyPage />} />
              <Route path="emergency/:id" element={<CallLivePage />} />
              <Route path="emergency/:id/respond" element={<RespondPage />} />
              <Route path="stations/standards" element={<StandardsPage />} />
              <Route path="stations/:id" element={<StationDetailPage />} />
              <Route path="me" element={<MyVolunteerPage />} />
              <Route path="requests/nearby" element={<NearbyRequestsPage />} />
              <Route path="volunteers" element={<VolunteersPage />} />
              <Route path="volunteers/:id" element={<VolunteerDetailPage />} />
              <Route path="skills" element={<SkillsPage />} />
              <Route path="import" element={<ImportPage />} />
              <Route path="import/duplicates" element={<DuplicatesPage />} />
              <Route path="import/:id" element={<ImportJobPage />} />
              <Route path="organizations" element={<OrganizationsPage />} />
              <Route path="organizations/:id" element={<OrganizationDetailPage />} />
              <Route path="projects" element={<ProjectsPage />} />
              <Route path="projects/:id" element={<ProjectDetailPage />} />
              <Route path="activities" element={<FindActivitiesPage />} />
              <Route path="activities/:id" element={<ActivityDetailPage />} />
              <Route path="activities/:id/check-in" element={<ActivityCheckInPage />} />
              <Route path="check-in" element={<CheckInPage />} />
              <Route path="my/enrollments" element={<MyEnrollmentsPage />} />
              <Route path="my/hours" element={<MyHoursPage />} />
              <Route path="my/points" element={<MyPointsPage />} />
              <Route path="my/time-bank" element={<MyTimeBankPage />} />
              <Route path="my/statements" element={<StatementsPage />} />
              <Route path="my/honours" element={<MyHonoursPage />} />
              <Route path="awards" element={<AwardsPage />} />
              <Route path="awards/:id" element={<AwardRoundPage />} />
              <Route path="benefits" element={<BenefitsPage />} />
              <Route path="partner/scan" element={<PartnerScanPage />} />
              <Route path="partner/offers" element={<PartnerOffersPage />} />
              <Route path="partner/statement" element={<PartnerStatementPage />} />
              <Route path="benefits/review" element={<BenefitsReviewPage />} />
              <Route path="benefits/partners/:id/statement" element={<PartnerStatementPage />} />
              <Route path="records" element={<OrgRecordsPage />} />
              <Route path="certificates" element={<CertificateRevokePage />} />
              <Route path="certificates/:code" element={<CertificateRevokePage />} />
              <Route path="training" element={<TrainingPage />} />
              <Route path="insurance" element={<InsurancePage />} />
              <Route path="settings/workload" element={<WorkloadPage />} />
              <Route path="settings/requests" element={<RequestSettingsPage />} />
              <Route path="settings/stars" element={<StarSchemePage />} />
              <Route path="settings/points" element={<PointsRulePage />} />
              <Route path="settings/time-bank" element={<TimeBankRulePage />} />
              <Route path="time-bank/family-reviews" element={<FamilyReviewPage />} />
              <Route path="time-bank/balance-sheet" element={<BalanceSheetPage />} />
              <Route path="reports/service-guard" element={<ServiceGuardPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="attendance/review" element={<ReviewPage />} />
              <Route path="attendance/devices" element={<DevicesPage />} />
              <Route path="ledger" element={<LedgerPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}
