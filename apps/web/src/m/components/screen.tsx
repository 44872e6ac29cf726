import NavBar from 'antd-mobile/es/components/nav-bar';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';

/**
 * A sub-screen: a tall bar with a worded back button ("返回"), the title, then the content. Back goes
 * to the previous screen of the app, or to `backTo` (home by default) when the screen was opened
 * directly (a QR link, a notification).
 */
export function Screen({ title, children, backTo = '/' }: { title: string; children: ReactNode; backTo?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const inApp = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;
  return (
    <div className="m-screen">
      <NavBar className="m-navbar" back={t.common.back} onBack={() => (inApp ? navigate(-1) : navigate(backTo))}>
        <h1 className="m-navbar-title">{title}</h1>
      </NavBar>
      <div className="m-screen-body">{children}</div>
    </div>
  );
}
