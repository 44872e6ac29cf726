import {
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CloudDownloadOutlined,
  DashboardOutlined,
  FilePdfOutlined,
  FileSearchOutlined,
  HeartOutlined,
  LogoutOutlined,
  MailOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MessageOutlined,
  MoneyCollectOutlined,
  NotificationOutlined,
  ProjectOutlined,
  ReadOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShopOutlined,
  SmileOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Role } from '@louzhang/contracts';
import { type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../common/auth';
import { ErrorBoundary, reloadPage } from '../common/error-boundary';
import { LanguageSwitch } from './components/language-switch';
import { PageError, SectionLoading } from './components/page-state';
import { useWorkbench, WorkbenchContext } from './components/use-workbench';
import type { AllMessages as Messages } from './i18n';
import { fmt, useI18n } from './i18n';
import { warmAntd } from './shell/antd-pages';
import { LOGGED_OUT_KEY } from './shell/logged-out';

type MenuKey = keyof Messages['console']['menu'];

/** Roles that work with households, captains and chores in the console. */
export const CHORE_ROLES: Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
export const MALL_ROLES: Role[] = ['community_staff', 'street_staff', 'admin'];
/** Care data is for grid workers and community staff in the console (captains use the phone). */
export const CARE_ROLES: Role[] = ['grid_worker', 'community_staff'];

/** The menu; an entry with `roles` shows only to someone holding one of them (the API enforces it anyway). */
const MENU: { key: MenuKey; path: string; icon: ReactNode; roles?: Role[] }[] = [
  { key: 'home', path: '/', icon: <DashboardOutlined /> },
  { key: 'org', path: '/org', icon: <ApartmentOutlined /> },
  { key: 'households', path: '/households', icon: <TeamOutlined />, roles: CHORE_ROLES },
  { key: 'residency', path: '/residency', icon: <UserAddOutlined />, roles: CHORE_ROLES },
  { key: 'captains', path: '/captains', icon: <UserOutlined />, roles: CHORE_ROLES },
  { key: 'chores', path: '/chores', icon: <CheckSquareOutlined />, roles: CHORE_ROLES },
  { key: 'reviews', path: '/reviews', icon: <AuditOutlined />, roles: CHORE_ROLES },
  { key: 'mall', path: '/mall', icon: <ShopOutlined />, roles: MALL_ROLES },
  { key: 'reports', path: '/reports', icon: <MessageOutlined /> },
  { key: 'dashboard', path: '/dashboard', icon: <BarChartOutlined /> },
  { key: 'accounts', path: '/accounts', icon: <SafetyOutlined />, roles: ['community_staff', 'street_staff', 'admin'] },
  { key: 'smsOutbox', path: '/sms-outbox', icon: <MailOutlined />, roles: ['admin'] },
  { key: 'audit', path: '/audit', icon: <FileSearchOutlined />, roles: ['street_staff', 'admin'] },
  { key: 'care', path: '/care', icon: <HeartOutlined />, roles: CARE_ROLES },
  { key: 'notices', path: '/notices', icon: <NotificationOutlined />, roles: CHORE_ROLES },
  {
    key: 'campaigns',
    path: '/campaigns',
    icon: <AlertOutlined />,
    roles: [...CHORE_ROLES, 'department_staff'],
  },
  { key: 'recruitment', path: '/recruitment', icon: <UserAddOutlined />, roles: MALL_ROLES },
  { key: 'coverage', path: '/coverage', icon: <AimOutlined />, roles: CHORE_ROLES },
  { key: 'honours', path: '/honours', icon: <TrophyOutlined />, roles: MALL_ROLES },
  { key: 'training', path: '/training', icon: <ReadOutlined />, roles: MALL_ROLES },
  { key: 'deliberation', path: '/deliberation', icon: <TeamOutlined />, roles: CHORE_ROLES },
  {
    key: 'volunteering',
    path: '/volunteering',
    icon: <SmileOutlined />,
    roles: ['community_staff', 'street_staff', 'admin'],
  },
  {
    key: 'partners',
    path: '/partners',
    icon: <ProjectOutlined />,
    roles: ['community_staff', 'street_staff', 'admin', 'partner'],
  },
  { key: 'adjustments', path: '/adjustments', icon: <MoneyCollectOutlined />, roles: ['street_staff', 'admin'] },
  { key: 'settings', path: '/settings', icon: <SettingOutlined />, roles: MALL_ROLES },
  {
    key: 'monthlyReports',
    path: '/monthly-reports',
    icon: <FilePdfOutlined />,
    roles: ['community_staff', 'street_staff', 'admin'],
  },
  { key: 'exports', path: '/exports', icon: <CloudDownloadOutlined /> },
];

/**
 * The console's frame: the menu (with what waits behind each entry), the header (language, who is signed
 * in, 退出登录) and the breadcrumb around the page. Drawn without antd (console.css): it is on the first
 * screen, before antd's code and stylesheet arrive; once it has settled it fetches them for the next page.
 */
export function ConsoleLayout() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const menu = MENU.filter((m) => !m.roles || hasRole(...m.roles));
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  useEffect(warmAntd, []);

  const todo = useWorkbench(location.pathname);
  // The menu's badges: what waits behind each entry (the same counts as the 工作台).
  const badges: Partial<Record<MenuKey, number | null | undefined>> = {
    reviews: todo?.reviews,
    reports: todo?.handling,
    mall: todo?.pickups,
    residency: todo?.residency,
  };

  const selected = MENU.find((m) => m.path !== '/' && location.pathname.startsWith(m.path))?.key ?? 'home';
  const atHome = location.pathname === '/' || location.pathname === '';

  return (
    <div className={`lz-shell${collapsed ? ' lz-shell-collapsed' : ''}`}>
      <aside className="lz-sider">
        <div className="lz-brand" title={t.common.appName}>
          <span className="lz-brand-mark" aria-hidden>
            楼
          </span>
          {!collapsed && <span className="lz-brand-name">{t.common.appName}</span>}
        </div>
        <nav aria-label={t.console.mainMenu}>
          <ul className="lz-menu">
            {menu.map((m) => {
              const n = badges[m.key] ?? 0;
              const name = t.console.menu[m.key];
              return (
                <li key={m.key}>
                  <Link
                    to={m.path}
                    className="lz-menu-item"
                    aria-current={m.key === selected ? 'page' : undefined}
                    title={collapsed ? name : undefined}
                  >
                    <span className="lz-menu-icon" aria-hidden>
                      {m.icon}
                    </span>
                    <span className={collapsed ? 'lz-visually-hidden' : 'lz-menu-label'}>{name}</span>
                    {n > 0 && (
                      <>
                        <span className="lz-badge" aria-hidden>
                          {n > 99 ? '99+' : n}
                        </span>
                        <span className="lz-visually-hidden">{fmt(t.console.waiting, { n })}</span>
                      </>
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </aside>
      <div className="lz-main">
        <header className="lz-header">
          <button
            type="button"
            className="lz-icon-btn"
            aria-label={collapsed ? t.console.expand : t.console.collapse}
            aria-expanded={!collapsed}
            onClick={() => setCollapsed((c) => !c)}
          >
            {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          </button>
          <div className="lz-header-end">
            <LanguageSwitch />
            <UserMenu />
          </div>
        </header>
        <main className="lz-content">
          <nav className="lz-breadcrumb" aria-label={t.lists.breadcrumb}>
            <ol>
              <li>
                {atHome ? (
                  <span aria-current="page">{t.console.menu.home}</span>
                ) : (
                  <Link to="/">{t.console.menu.home}</Link>
                )}
              </li>
              {!atHome && (
                <li>
                  <span aria-current="page">{selected === 'home' ? t.common.notFound : t.console.menu[selected]}</span>
                </li>
              )}
            </ol>
          </nav>
          <ErrorBoundary key={location.pathname} fallback={(e) => <PageError error={e} onRetry={reloadPage} />}>
            <Suspense fallback={<SectionLoading />}>
              <WorkbenchContext.Provider value={todo}>
                <Outlet />
              </WorkbenchContext.Provider>
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

/** Who is signed in; opens to 退出登录 (closes on Escape or a click elsewhere). */
function UserMenu() {
  const { t } = useI18n();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  const onLogout = async () => {
    // The sign-in page says 已退出登录 once (signing out sends every console page there by itself).
    sessionStorage.setItem(LOGGED_OUT_KEY, '1');
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <div className="lz-user" ref={box}>
      <button
        type="button"
        className="lz-user-btn"
        aria-expanded={open}
        aria-controls="lz-user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="lz-avatar" aria-hidden>
          <UserOutlined />
        </span>
        <span>{user?.name}</span>
      </button>
      {open && (
        <div id="lz-user-menu" className="lz-popover">
          <button type="button" className="lz-popover-item" onClick={() => void onLogout()}>
            <LogoutOutlined aria-hidden /> {t.common.logout}
          </button>
        </div>
      )}
    </div>
  );
}
