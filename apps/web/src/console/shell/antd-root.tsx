import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { Outlet } from 'react-router-dom';
import { useI18n } from '../i18n';
import { CONSOLE_THEME } from '../theme';

/**
 * Where antd begins: its theme (zero-runtime: the styles come from the prebuilt stylesheet), its locale
 * and its App context (message, modal). Every console page but the first screens renders inside it; this
 * module and antd's stylesheet load together (antd-pages.tsx) the first time such a page opens.
 */
export default function AntdRoot({ children }: { children?: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ ...CONSOLE_THEME, zeroRuntime: true }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children ?? <Outlet />}</AntApp>
    </ConfigProvider>
  );
}
