import LeftOutline from 'antd-mobile-icons/es/LeftOutline';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../common/i18n';

/**
 * A sub-screen: a tall bar with a worded back button ("返回"), the title, then the content. Back goes
 * to the previous screen of the app, or to `backTo` (home by default) when the screen was opened
 * directly (a QR link, a notification). A plain button and heading, so screen readers name both.
 */
export function Screen({ title, children, backTo = '/' }: { title: string; children: ReactNode; backTo?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const inApp = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;
  return (
    <div className="m-screen">
      <header className="m-navbar">
        <button type="button" className="m-navbar-back" onClick={() => (inApp ? navigate(-1) : navigate(backTo))}>
          <LeftOutline aria-hidden="true" />
          {t.common.back}
        </button>
        <h1 className="m-navbar-title">{title}</h1>
      </header>
      <div className="m-screen-body">{children}</div>
    </div>
  );
}
