import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, type OfflineIdentity, useAuth } from '../common/auth';
import { ErrorBoundary, reloadPage } from '../common/error-boundary';
import { OfflineBanner } from './components/offline-banner';
import { OutboxBadge } from './components/outbox-badge';
import { FullScreenError, FullScreenLoading } from './components/screen-state';
import { readCache } from './offline/read-cache';
import { OutboxSession } from './outbox/use-outbox';
import HomePage from './pages/home-page';
import LoginPage from './pages/login-page';

// Each screen is its own chunk, except the two first screens (sign-in and home), which come with the
// shell so that a cold start on slow 4G waits for no second round of downloads. Those two and the frame
// are drawn with plain elements; antd-mobile (antd-kit.ts) loads beside the first other screen's chunk,
// in parallel, so it costs the cold start nothing and the other screens no extra round trip.
type Screen = Parameters<typeof lazy>[0] extends () => Promise<{ default: infer C }> ? C : never;
function screen<T extends Screen>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), import('./antd-kit')]).then(([m]) => m));
}
const HouseholdPage = screen(() => import('./pages/household-page'));
const OutboxPage = screen(() => import('./pages/outbox-page'));
const ReportPage = screen(() => import('./pages/report-page'));
const ReportsPage = screen(() => import('./pages/reports-page'));
const ReportDetailPage = screen(() => import('./pages/report-detail-page'));
const InboxPage = screen(() => import('./pages/inbox-page'));
const PointsPage = screen(() => import('./pages/points-page'));
const TasksPage = screen(() => import('./pages/tasks-page'));
const BuildingsPage = screen(() => import('./pages/buildings-page'));
const MallPage = screen(() => import('./pages/mall-page'));
const OrdersPage = screen(() => import('./pages/orders-page'));
const BulletinsPage = screen(() => import('./pages/bulletins-page'));
const BulletinPage = screen(() => import('./pages/bulletin-page'));
const CarePage = screen(() => import('./pages/care-page'));
const CarePersonPage = screen(() => import('./pages/care-person-page'));
const ResidencyPage = screen(() => import('./pages/residency-page'));
const CampaignsPage = screen(() => import('./pages/campaigns-page'));
const CampaignLogPage = screen(() => import('./pages/campaign-log-page'));
const CampaignSitesPage = screen(() => import('./pages/campaign-sites-page'));
const RecruitListPage = screen(() => import('./pages/recruit-page').then((m) => ({ default: m.RecruitListPage })));
const RecruitDrivePage = screen(() => import('./pages/recruit-page').then((m) => ({ default: m.RecruitDrivePage })));
const MyHonoursPage = screen(() => import('./pages/honours-page').then((m) => ({ default: m.MyHonoursPage })));
const HonourVerifyPage = screen(() => import('./pages/honours-page').then((m) => ({ default: m.HonourVerifyPage })));
const TrainingPage = screen(() => import('./pages/training-page'));
const DeliberationPage = screen(() => import('./pages/deliberation-page'));
const ProposalPage = screen(() => import('./pages/proposal-page'));
const FundPage = screen(() => import('./pages/fund-page'));
const NewProposalPage = screen(() =>
  import('./pages/deliberation-new-pages').then((m) => ({ default: m.NewProposalPage })),
);
const NewFundPage = screen(() => import('./pages/deliberation-new-pages').then((m) => ({ default: m.NewFundPage })));
const VolunteerPage = screen(() => import('./pages/volunteer-page'));
const ActivitiesPage = screen(() => import('./pages/volunteer-page').then((m) => ({ default: m.ActivitiesPage })));
const ActivityPage = screen(() => import('./pages/volunteer-page').then((m) => ({ default: m.ActivityPage })));
const DiaryPage = screen(() => import('./pages/diary-pages').then((m) => ({ default: m.DiaryPage })));
const NewDiaryPage = screen(() => import('./pages/diary-pages').then((m) => ({ default: m.NewDiaryPage })));
const ProjectsPage = screen(() => import('./pages/projects-pages').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = screen(() => import('./pages/projects-pages').then((m) => ({ default: m.ProjectPage })));
const CheckinPage = screen(() => import('./pages/volunteer-page').then((m) => ({ default: m.CheckinPage })));
const MyCaptainRecordPage = screen(() =>
  import('./pages/honours-page').then((m) => ({ default: m.MyCaptainRecordPage })),
);

/** The phone opens without signal as the last signed-in person, from what was cached on the phone. */
const OFFLINE_IDENTITY: OfflineIdentity = {
  load: () => readCache.me(),
  save: (user, answer) => void readCache.saveMe(user, answer),
  forget: () => void readCache.clear(),
};

export function MobileApp() {
  return (
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
