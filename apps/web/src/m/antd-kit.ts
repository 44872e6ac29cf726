import 'antd-mobile/es/global';
import { setDefaultConfig } from 'antd-mobile/es/components/config-provider';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { getLang, subscribeLang } from '../common/lang';

/**
 * antd-mobile's part of the phone app, loaded with the first screen drawn with it (mobile-app.tsx
 * `screen()`), never with sign-in or home, which are plain elements: its global stylesheet (CSS
 * variables; m.css overrides them with higher specificity, as this sheet arrives after it) and its
 * language, as the default config (no provider in the tree), following the app's language.
 */
function follow(): void {
  setDefaultConfig({ locale: getLang() === 'en' ? enUS : zhCN });
}
follow();
subscribeLang(follow);
