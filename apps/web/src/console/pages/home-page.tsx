import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  MessageOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useAuth } from '../../common/auth';
import { useWorkbenchCounts } from '../components/use-workbench';
import { CHORE_ROLES, MALL_ROLES } from '../console-layout';
import { fmt, label, useI18n } from '../i18n';

/**
 * 工作台: what waits for the caller, a greeting, their roles and the common shortcuts. The console's
 * first screen after sign-in, drawn without antd (console.css) so a slow line shows it before antd's
 * code and stylesheet have arrived.
 */
export default function HomePage() {
  const { t } = useI18n();
  const { user, hasRole } = useAuth();
  const shortcuts = [
    { key: 'org', icon: <ApartmentOutlined />, title: t.console.menu.org, path: '/org' },
    ...(hasRole(...CHORE_ROLES)
      ? [
          { key: 'households', icon: <TeamOutlined />, title: t.console.menu.households, path: '/households' },
          { key: 'reviews', icon: <AuditOutlined />, title: t.console.menu.reviews, path: '/reviews' },
        ]
      : []),
    { key: 'reports', icon: <MessageOutlined />, title: t.console.menu.reports, path: '/reports' },
    ...(hasRole(...MALL_ROLES)
      ? [{ key: 'mall', icon: <ShopOutlined />, title: t.console.menu.mall, path: '/mall' }]
      : []),
    { key: 'dashboard', icon: <BarChartOutlined />, title: t.console.menu.dashboard, path: '/dashboard' },
  ];
  return (
    <div className="lz-stack" data-testid="workbench">
      <TodoCard />
      <section className="lz-card">
        <h1 className="lz-card-title lz-welcome">{fmt(t.console.home.welcome, { name: user?.name ?? '' })}</h1>
        <p className="lz-secondary lz-flush">{t.console.home.intro}</p>
      </section>
      <div className="lz-columns">
        <section className="lz-card" aria-labelledby="lz-my-roles">
          <h2 id="lz-my-roles" className="lz-card-title">
            {t.console.home.myRoles}
          </h2>
          {(user?.roles ?? []).length === 0 ? (
            <p className="lz-secondary">{t.common.none}</p>
          ) : (
            <ul className="lz-rows">
              {user?.roles.map((r) => (
                <li key={`${r.role}-${r.orgUnitId}`}>
                  <span className="lz-tag">{label(t.roles, r.role)}</span>
                  <span>{r.orgUnitName}</span>
                  <span className="lz-secondary">{label(t.orgKinds, r.orgKind)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="lz-card" aria-labelledby="lz-shortcuts">
          <h2 id="lz-shortcuts" className="lz-card-title">
            {t.console.home.shortcuts}
          </h2>
          <ul className="lz-tiles lz-tiles-2">
            {shortcuts.map((s) => (
              <li key={s.key}>
                <Link to={s.path} className="lz-tile lz-shortcut">
                  <span className="lz-shortcut-icon" aria-hidden>
                    {s.icon}
                  </span>
                  <span>{s.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

/** 我的待办: what waits for the caller in their jurisdiction, each count opening the list it counts. */
function TodoCard() {
  const { t } = useI18n();
  const todo = useWorkbenchCounts();
  if (!todo) return null;
  const tiles: { key: string; title: string; value: number | null; to: string; danger?: boolean; hint?: string }[] = [
    { key: 'reviews', title: t.console.home.reviews, value: todo.reviews, to: '/reviews' },
    { key: 'handling', title: t.console.home.handling, value: todo.handling, to: '/reports' },
    {
      key: 'dueSoon',
      title: t.console.home.dueSoon,
      value: todo.dueSoon,
      to: '/reports',
      hint: t.console.home.dueSoonHint,
    },
    { key: 'overdue', title: t.console.home.overdue, value: todo.overdue, to: '/reports', danger: true },
    { key: 'pickups', title: t.console.home.pickups, value: todo.pickups, to: '/mall?tab=verify' },
    { key: 'residency', title: t.console.home.residency, value: todo.residency, to: '/residency' },
  ];
  const shown = tiles.filter((x) => x.value !== null);
  if (shown.length === 0) return null;
  return (
    <section className="lz-card" aria-labelledby="lz-todo">
      <div className="lz-card-head">
        <h2 id="lz-todo" className="lz-card-title">
          {t.console.home.todo}
        </h2>
        <span className="lz-secondary">{t.console.home.todoHint}</span>
      </div>
      <ul className="lz-tiles lz-tiles-6">
        {shown.map((x) => (
          <li key={x.key}>
            <Link to={x.to} className="lz-tile lz-todo" data-testid={`todo-${x.key}`}>
              <span className="lz-todo-title">{x.title}</span>
              <span className={`lz-todo-value${x.danger && (x.value ?? 0) > 0 ? ' lz-danger' : ''}`}>
                {x.value ?? 0}
              </span>
              {x.hint && <span className="lz-secondary">{x.hint}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
