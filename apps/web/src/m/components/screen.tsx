import NavBar from 'antd-mobile/es/components/nav-bar';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';

/** A sub-screen: a tall bar with a worded back button ("返回"), the title, then the content. */
export function Screen({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="m-screen">
      <NavBar className="m-navbar" back={t.common.back} onBack={() => navigate('/')}>
        <h1 className="m-navbar-title">{title}</h1>
      </NavBar>
      <div className="m-screen-body">{children}</div>
    </div>
  );
}
