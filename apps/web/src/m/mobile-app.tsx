import ConfigProvider from 'antd-mobile/es/components/config-provider';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, type OfflineIdentity, useAuth } from '../shared/auth';
import { ErrorBoundary, reloadPage } from '../shared/error-boundary';
import { useI18n } from '../shared/i18n';
import { OfflineBanner } from './components/offline-banner';
import { OutboxBadge } from './components/outbox-badge';
import { FullScreenError, FullScreenLoading } from './components/screen-state';
import { readCache } from './offline/read-cache';
import { OutboxSession } from './outbox/use-outbox';
import HomePage from './pages/home-page';
import LoginPage from './pages/login-page';

// Each screen is its own chunk, except the two first screens (sign-in and home), which come with the
// shell so that a cold start on slow 4G waits for no second round of downloads.
const HouseholdPage = lazy(() => import('./pages/household-page'));
const OutboxPage = lazy(() => import('./pages/outbox-page'));
const ReportPage = lazy(() => import('./pages/report-page'));
const ReportsPage = lazy(() => import('./pages/reports-page'));
const ReportDetailPage = lazy(() => import('./pages/report-detail-page'));
const InboxPage = lazy(() => import('./pages/inbox-page'));
const PointsPage = lazy(() => import('./pages/points-page'));
const TasksPage = lazy(() => import('./pages/tasks-page'));
const BuildingsPage = lazy(() => import('./pages/buildings-page'));
const MallPage = lazy(() => import('./pages/mall-page'));
const OrdersPage = lazy(() => import('./pages/orders-page'));
const BulletinsPage = lazy(() => import('./pages/bulletins-page'));
const BulletinPage = lazy(() => import('./pages/bulletin-page'));
const CarePage = lazy(() => import('./pages/care-page'));
const CarePersonPage = lazy(() => import('./pages/care-person-page'));
const ResidencyPage = lazy(() => import('./pages/residency-page'));
const CampaignsPage = lazy(() => import('./pages/campaigns-page'));
const CampaignLogPage = lazy(() => import('./pages/campaign-log-page'));
const CampaignSitesPage = lazy(() => import('./pages/campaign-sites-page'));
const RecruitListPage = lazy(() => import('./pages/recruit-page').then((m) => ({ default: m.RecruitListPage })));
const RecruitDrivePage = lazy(() => import('./pages/recruit-page').then((m) => ({ default: m.RecruitDrivePage })));
const MyHonoursPage = lazy(() => import('./pages/honours-page').then((m) => ({ default: m.MyHonoursPage })));
const HonourVerifyPage = lazy(() => import('./pages/honours-page').then((m) => ({ default: m.HonourVerifyPage })));
const TrainingPage = lazy(() => import('./pages/training-page'));
const DeliberationPage = lazy(() => import('./pages/deliberation-page'));
const ProposalPage = lazy(() => import('./pages/proposal-page'));
const FundPage = lazy(() => import('./pages/fund-page'));
const NewProposalPage = lazy(() =>
  import('./pages/deliberation-new-pages').then((m) => ({ default: m.NewProposalPage })),
);
const NewFundPage = lazy(() => import('./pages/deliberation-new-pages').then((m) => ({ default: m.NewFundPage })));
const VolunteerPage = lazy(() => import('./pages/volunteer-page'));
const ActivitiesPage = lazy(() => import('./pages/volunteer-page').then((m) => ({ default: m.ActivitiesPage })));
const ActivityPage = lazy(() => import('./pages/volunteer-page').then((m) => ({ default: m.ActivityPage })));
const DiaryPage = lazy(() => import('./pages/diary-pages').then((m) => ({ default: m.DiaryPage })));
const NewDiaryPage = lazy(() => import('./pages/diary-pages').then((m) => ({ default: m.NewDiaryPage })));
const ProjectsPage = lazy(() => import('./pages/projects-pages').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('./pages/projects-pages').then((m) => ({ default: m.ProjectPage })));
const CheckinPage = lazy(() => import('./pages/volunteer-page').then((m) => ({ default: m.CheckinPage })));
const MyCaptainRecordPage = lazy(() =>
  import('./pages/honours-page').then((m) => ({ default: m.MyCaptainRecordPage })),
);

/** The phone opens without signal as the last signed-in person, from what was cached on the phone. */
const OFFLINE_IDENTITY: OfflineIdentity = {
  load: () => readCache.me(),
  save: (user, answer) => void readCache.saveMe(user, answer),
  forget: () => void readCache.clear(),
};

export function MobileApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <AuthProvider offline={OFFLINE_IDENTITY}>
        <BrowserRouter basename="/m">
          <OutboxSession />
          <OfflineBanner />
          <ErrorBoundary fallback={(e) => <FullScreenError error={e} onRetry={reloadPage} />}>
            <Suspense fallback={<FullScreenLoading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                {/* A building's QR link opens signed out: the newcomer signs in inline when sending. */}
                <Route path="/r/:token" element={<ReportPage />} />
                <Route path="/report" element={<ReportPage />} />
                {/* Public: recruitment drives and the certificate check need no account. */}
                <Route path="/recruit" element={<RecruitListPage />} />
                <Route path="/recruit/:id" element={<RecruitDrivePage />} />
                <Route path="/honours/verify/:token" element={<HonourVerifyPage />} />
                <Route element={<RequireSignIn />}>
                  <Route index element={<HomePage />} />
                  <Route path="household" element={<HouseholdPage />} />
                  <Route path="outbox" element={<OutboxPage />} />
                  <Route path="residency" element={<ResidencyPage />} />
                  <Route path="reports" element={<ReportsPage view="mine" />} />
                  <Route path="handling" element={<ReportsPage view="handling" />} />
                  <Route path="reports/:id" element={<ReportDetailPage />} />
                  <Route path="notices" element={<InboxPage />} />
                  <Route path="points" element={<PointsPage />} />
                  <Route path="tasks" element={<TasksPage />} />
                  <Route path="my-buildings" element={<BuildingsPage />} />
                  <Route path="mall" element={<MallPage />} />
                  <Route path="mall/orders" element={<OrdersPage />} />
                  <Route path="bulletins" element={<BulletinsPage />} />
                  <Route path="bulletins/:id" element={<BulletinPage />} />
                  <Route path="care" element={<CarePage />} />
                  <Route path="care/:id" element={<CarePersonPage />} />
                  <Route path="campaigns" element={<CampaignsPage />} />
                  <Route path="campaigns/:id/log" element={<CampaignLogPage />} />
                  <Route path="campaign-sites" element={<CampaignSitesPage />} />
                  <Route path="honours" element={<MyHonoursPage />} />
                  <Route path="my-record" element={<MyCaptainRecordPage />} />
                  <Route path="training" element={<TrainingPage />} />
                  <Route path="deliberation" element={<DeliberationPage />} />
                  <Route path="proposals/new" element={<NewProposalPage />} />
                  <Route path="proposals/:id" element={<ProposalPage />} />
                  <Route path="funds/new" element={<NewFundPage />} />
                  <Route path="funds/:id" element={<FundPage />} />
                  <Route path="volunteer" element={<VolunteerPage />} />
                  <Route path="activities" element={<ActivitiesPage />} />
                  <Route path="activities/:id" element={<ActivityPage />} />
                  <Route path="checkin" element={<CheckinPage />} />
                  <Route path="diary" element={<DiaryPage />} />
                  <Route path="projects" element={<ProjectsPage />} />
                  <Route path="projects/:id" element={<ProjectPage />} />
                  <Route path="diary/new" element={<NewDiaryPage />} />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </ErrorBoundary>
          <OutboxBadge />
        </BrowserRouter>
      </AuthProvider>
    </ConfigProvider>
  );
}

function RequireSignIn() {
  const { status, error, refresh } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullScreenLoading />;
  if (status === 'error') return <FullScreenError error={error} onRetry={refresh} />;
  if (status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Outlet />;
}
