import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from './auth/session.ts';
import { AppLayout } from './components/AppLayout.tsx';
import i18next, { changeLanguage } from './i18n/index.ts';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { ActivityDetailPage } from './pages/activities/ActivityDetailPage.tsx';
import { FindActivitiesPage } from './pages/activities/FindActivitiesPage.tsx';
import { MyEnrollmentsPage } from './pages/activities/MyEnrollmentsPage.tsx';
import { AreasPage } from './pages/areas/AreasPage.tsx';
import { DevicesPage } from './pages/attendance/DevicesPage.tsx';
import { ReviewPage } from './pages/attendance/ReviewPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { ActivityCheckInPage } from './pages/checkin/ActivityCheckInPage.tsx';
import { CheckInPage } from './pages/checkin/CheckInPage.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { DuplicatesPage } from './pages/import/DuplicatesPage.tsx';
import { ImportJobPage } from './pages/import/ImportJobPage.tsx';
import { ImportPage } from './pages/import/ImportPage.tsx';
import { KpiPage } from './pages/kpi/KpiPage.tsx';
import { LedgerPage } from './pages/ledger/LedgerPage.tsx';
import { NotFoundPage } from './pages/not-found/NotFoundPage.tsx';
import { OrganizationDetailPage } from './pages/organizations/OrganizationDetailPage.tsx';
import { OrganizationsPage } from './pages/organizations/OrganizationsPage.tsx';
import { ProjectDetailPage } from './pages/projects/ProjectDetailPage.tsx';
import { ProjectsPage } from './pages/projects/ProjectsPage.tsx';
import { CertificateRevokePage } from './pages/records/CertificateRevokePage.tsx';
import { MyHoursPage } from './pages/records/MyHoursPage.tsx';
import { OrgRecordsPage } from './pages/records/OrgRecordsPage.tsx';
import { VerifyPage } from './pages/records/VerifyPage.tsx';
import { RegisterPage } from './pages/register/RegisterPage.tsx';
import { WorkloadPage } from './pages/settings/WorkloadPage.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';
import { StandardsPage } from './pages/stations/StandardsPage.tsx';
import { StationDetailPage } from './pages/stations/StationDetailPage.tsx';
import { StationsPage } from './pages/stations/StationsPage.tsx';
import { InsurancePage } from './pages/training/InsurancePage.tsx';
import { TrainingPage } from './pages/training/TrainingPage.tsx';
import { MyVolunteerPage } from './pages/volunteers/MyVolunteerPage.tsx';
import { SkillsPage } from './pages/volunteers/SkillsPage.tsx';
import { VolunteerDetailPage } from './pages/volunteers/VolunteerDetailPage.tsx';
import { VolunteersPage } from './pages/volunteers/VolunteersPage.tsx';

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
    <ConfigProvider locale={english ? enUS : zhCN} theme={{ token: { colorPrimary: '#c8102e', colorLink: '#c8102e', borderRadius: 6 } }}>
      <AntApp>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/verify/:code" element={<VerifyPage />} />
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
            <Route path="stations" element={<StationsPage />} />
            <Route path="stations/standards" element={<StandardsPage />} />
            <Route path="stations/:id" element={<StationDetailPage />} />
            <Route path="me" element={<MyVolunteerPage />} />
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
            <Route path="records" element={<OrgRecordsPage />} />
            <Route path="certificates" element={<CertificateRevokePage />} />
            <Route path="certificates/:code" element={<CertificateRevokePage />} />
            <Route path="training" element={<TrainingPage />} />
            <Route path="insurance" element={<InsurancePage />} />
            <Route path="settings/workload" element={<WorkloadPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="attendance/review" element={<ReviewPage />} />
            <Route path="attendance/devices" element={<DevicesPage />} />
            <Route path="ledger" element={<LedgerPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
