import type { ThemeConfig } from 'antd';

export const BRAND_COLOR = '#c8161d';

/**
 * The console's antd theme. Its stylesheet is made from it at build time (vite.config.ts
 * antdStaticStyle: antd's own style extraction, every component, this theme), and the console runs antd
 * in zero-runtime mode, so no component computes and inserts its CSS in the browser: on a slow office PC
 * or a phone that was a quarter of the first screen's script time. The fixed `cssVar.key` and
 * `hashed: false` make the class names the same at build time and in the browser.
 */
export const CONSOLE_THEME: ThemeConfig = {
  token: {
    colorPrimary: BRAND_COLOR,
    borderRadius: 6,
    fontSize: 14,
    // WCAG AA: every text ≥ 4.5:1 on white. antd's defaults for secondary text (#8c8c8c, 3.4:1) and
    // placeholders (#bfbfbf, 1.8:1) are too faint for an office PC in a bright room.
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    colorTextPlaceholder: '#707070',
    colorTextQuaternary: '#707070',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorInfo: '#0958d9',
    colorError: '#cf1322',
  },
  components: { Layout: { headerBg: '#fff', headerHeight: 56, headerPadding: '0 16px' } },
  cssVar: { key: 'lz-console' },
  hashed: false,
};
