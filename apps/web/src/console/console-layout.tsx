import {
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CloudDownloadOutlined,
  DashboardOutlined,
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
import { App, Avatar, Badge, Breadcrumb, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Messages } from '../locales';
import { useAuth } from '../shared/auth';
import { ErrorBoundary, reloadPage } from '../shared/error-boundary';
import { useI18n } from '../shared/i18n';
import { LanguageSwitch } from './components/language-switch';
import { PageError, SectionLoading } from './components/page-state';
import { useWorkbench, WorkbenchContext } from './components/use-workbench';

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
  { key: 'exports', path: '/exports', icon: <CloudDownloadOutlined /> },
];

export function ConsoleLayout() {
  const { t } = useI18n();
  const { user, logout, hasRole } = useAuth();
  const menu = MENU.filter((m) => !m.roles || hasRole(...m.roles));
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const todo = useWorkbench(location.pathname);
  // The menu's badges: what waits behind each entry (the same counts as the 工作台).
  const badges: Partial<Record<MenuKey, number | null | undefined>> = {
    reviews: todo?.reviews,
    reports: todo?.handling,
    mall: todo?.pickups,
    residency: todo?.residency,
  };

  const selected = MENU.find((m) => m.path !== '/' && location.pathname.startsWith(m.path))?.key ?? 'home';

  const onLogout = async () => {
    await logout().catch(() => undefined);
    message.success(t.common.loggedOut);
    navigate('/login', { replace: true });
  };

  return (
    <Layout className="lz-shell">
      <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={208} theme="dark">
        <div className="lz-brand" title={t.common.appName}>
          <span className="lz-brand-mark">楼</span>
          {!collapsed && <span className="lz-brand-name">{t.common.appName}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={menu.map((m) => {
            const n = badges[m.key] ?? 0;
            return {
              key: m.key,
              icon: m.icon,
              label:
                n > 0 ? (
                  <span className="lz-menu-label">
                    {t.console.menu[m.key]}
                    <Badge count={n} overflowCount={99} size="small" className="lz-menu-badge" />
                  </span>
                ) : (
                  t.console.menu[m.key]
                ),
            };
          })}
          onClick={({ key }) => {
            const item = MENU.find((m) => m.key === key);
            if (item) navigate(item.path);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="lz-header">
          <Button
            type="text"
            aria-label={collapsed ? t.console.expand : t.console.collapse}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((c) => !c)}
          />
          <Space size="middle">
            <LanguageSwitch size="small" />
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t.common.logout }],
                onClick: ({ key }) => {
                  if (key === 'logout') void onLogout();
                },
              }}
            >
              <Space className="lz-user" aria-label={user?.name}>
                <Avatar size="small" icon={<UserOutlined />} />
                <Typography.Text>{user?.name}</Typography.Text>
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="lz-content">
          <nav className="lz-breadcrumb" aria-label={t.lists.breadcrumb}>
            <Breadcrumb
              items={[
                {
                  key: 'home',
                  title:
                    location.pathname === '/' || location.pathname === '' ? (
                      <span aria-current="page">{t.console.menu.home}</span>
                    ) : (
                      <Link to="/">{t.console.menu.home}</Link>
                    ),
                },
                ...(location.pathname === '/' || location.pathname === ''
                  ? []
                  : [
                      {
                        key: 'here',
                        title: (
                          <span aria-current="page">
                            {selected === 'home' ? t.common.notFound : t.console.menu[selected]}
                          </span>
                        ),
                      },
                    ]),
              ]}
            />
          </nav>
          <ErrorBoundary key={location.pathname} fallback={(e) => <PageError error={e} onRetry={reloadPage} />}>
            <Suspense fallback={<SectionLoading />}>
              <WorkbenchContext.Provider value={todo}>
                <Outlet />
              </WorkbenchContext.Provider>
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
