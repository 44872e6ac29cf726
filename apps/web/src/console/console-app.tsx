import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from '../common/auth';
import { ErrorBoundary, reloadPage } from '../common/error-boundary';
import { FullPageLoading, PageError } from './components/page-state';
import { AntdPages } from './shell/antd-pages';

// Every page is its own chunk, the sign-in page and the layout too: the first load carries the shell and
// the one screen it shows, which the server names in the page as modulepreloads (vite.config.ts
// consoleScreenPreloads), so they arrive with the entry rather than a round trip after it. The first
// screens (sign-in, the frame, the 工作台) are drawn without antd; every other page renders inside
// <AntdPages>, which brings antd's code and stylesheet the first time one opens.
const LoginPage = lazy(() => import('./pages/login-page'));
const ConsoleLayout = lazy(() => import('./console-layout').then((m) => ({ default: m.ConsoleLayout })));
const HomePage = lazy(() => import('./pages/home-page'));
const OrgPage = lazy(() => import('./pages/org-page'));
const HouseholdsPage = lazy(() => import('./households/households-page'));
const ResidencyPage = lazy(() => import('./residency/residency-page'));
const TotpSetupPage = lazy(() => import('./pages/totp-setup-page'));
const CaptainsPage = lazy(() => import('./captains/captains-page'));
const ChoresPage = lazy(() => import('./chores/chores-page'));
const ReviewsPage = lazy(() => import('./reviews/reviews-page'));
const MallPage = lazy(() => import('./mall/mall-page'));
const ReportsPage = lazy(() => import('./reports/reports-page'));
const DashboardPage = lazy(() => import('./dashboard/dashboard-page'));
const AccountsPage = lazy(() => import('./admin/accounts-page'));
const SmsOutboxPage = lazy(() => import('./admin/sms-outbox-page'));
const AuditLogPage = lazy(() => import('./admin/audit-log-page'));
const CarePage = lazy(() => import('./care/care-page'));
const NoticesPage = lazy(() => import('./notices/notices-page'));
const CampaignsPage = lazy(() => import('./campaigns/campaigns-page'));
const RecruitmentPage = lazy(() => import('./captains/recruitment-page'));
const CoveragePage = lazy(() => import('./captains/coverage-page'));
const HonoursPage = lazy(() => import('./captains/honours-page'));
const TrainingPage = lazy(() => import('./captains/training-page'));
const DeliberationPage = lazy(() => import('./deliberation/deliberation-page'));
const VolunteeringPage = lazy(() => import('./volunteering/volunteering-page'));
const PartnersPage = lazy(() => import('./partners/partners-page'));
const SettingsPage = lazy(() => import('./settings/settings-page'));
const AdjustmentsPage = lazy(() => import('./points/adjustments-page'));
const ExportsPage = lazy(() => import('./exports/exports-page'));
const MonthlyReportsPage = lazy(() => import('./monthly-reports/monthly-reports-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

export function ConsoleApp() {
  return (
    <AuthProvider>
      <BrowserRouter basename="/console">
        <ErrorBoundary fallback={(e) => <PageError error={e} onRetry={reloadPage} fullPage />}>
          <Suspense fallback={<FullPageLoading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<RequireSignIn />}>
                <Route index element={<HomePage />} />
                <Route element={<AntdPages />}>
                  <Route path="org" element={<OrgPage />} />
                  <Route path="households" element={<HouseholdsPage />} />
                  <Route path="residency" element={<ResidencyPage />} />
                  <Route path="captains" element={<CaptainsPage />} />
                  <Route path="chores" element={<ChoresPage />} />
                  <Route path="reviews" element={<ReviewsPage />} />
                  <Route path="mall" element={<MallPage />} />
                  <Route path="reports" element={<ReportsPage />} />
                  <Route path="dashboard" element={<DashboardPage />} />
                  <Route path="sms-outbox" element={<SmsOutboxPage />} />
                  <Route path="audit" element={<AuditLogPage />} />
                  <Route path="exports" element={<ExportsPage />} />
                  <Route path="monthly-reports" element={<MonthlyReportsPage />} />
                  <Route path="accounts" element={<AccountsPage />} />
                  <Route path="care" element={<CarePage />} />
                  <Route path="notices" element={<NoticesPage />} />
                  <Route path="campaigns" element={<CampaignsPage />} />
                  <Route path="recruitment" element={<RecruitmentPage />} />
                  <Route path="coverage" element={<CoveragePage />} />
                  <Route path="honours" element={<HonoursPage />} />
                  <Route path="training" element={<TrainingPage />} />
                  <Route path="deliberation" element={<DeliberationPage />} />
                  <Route path="volunteering" element={<VolunteeringPage />} />
                  <Route path="partners" element={<PartnersPage />} />
                  <Route path="settings" element={<SettingsPage />} />
                  <Route path="adjustments" element={<AdjustmentsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Route>
            </Routes>
          </Suspense>
        </ErrorBoundary>
      </BrowserRouter>
    </AuthProvider>
  );
}

/** The signed-in area: the layout when signed in, the login page (remembering where to come back) otherwise. */
function RequireSignIn() {
  const { status, error, refresh, secondFactor } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageLoading />;
  if (status === 'error') return <PageError error={error} onRetry={refresh} fullPage />;
  if (status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  // The street requires a second factor this staff member has not set up: that comes first.
  if (secondFactor?.required && !secondFactor.enabled)
    return (
      <AntdPages>
        <TotpSetupPage />
      </AntdPages>
    );
  return <ConsoleLayout />;
}
