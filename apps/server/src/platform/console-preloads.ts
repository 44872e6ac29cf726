/**
 * The console's first screen arrives with its modules named in the page: the web build writes
 * dist/console/preload.json (vite.config.ts consoleScreenPreloads) with the files of the sign-in page,
 * the layout, the 工作台 and antd's part of the console (its code and stylesheet), which load lazily;
 * the server adds `<link rel="modulepreload">` (and for antd's stylesheet `<link rel="preload">`) for
 * the screen this request will show, so on slow 4G they download beside the entry script instead of one
 * round trip after it has run. Sign-in and the 工作台 are drawn without antd, so only the other pages
 * name it.
 */
export interface ConsoleScreens {
  login?: string[];
  layout?: string[];
  home?: string[];
  antd?: string[];
  antdStyles?: string[];
}

/** Files are built asset paths; anything else in the file is ignored rather than written into the page. */
const ASSET = /^\/assets\/[\w.-]+\.js$/;
const STYLE = /^\/assets\/[\w.-]+\.css$/;

type Screen = 'login' | 'home' | 'page';

/**
 * The screen a request for `path` shows: the sign-in page when asked for, or when there is no session
 * cookie (the console sends the visitor there); otherwise the layout with the 工作台 at the console's
 * root, or with a page drawn with antd anywhere else.
 */
function screenOf(path: string, hasSession: boolean): Screen {
  const p = path.replace(/\/+$/, '');
  if (p === '/console/login' || !hasSession) return 'login';
  return p === '/console' ? 'home' : 'page';
}

/** The script files of the screen a request for `path` shows, each once. */
export function screenFiles(screens: ConsoleScreens, path: string, hasSession: boolean): string[] {
  const wanted = {
    login: [screens.login],
    home: [screens.layout, screens.home],
    page: [screens.layout, screens.antd],
  }[screenOf(path, hasSession)];
  return [...new Set(wanted.flatMap((f) => f ?? []))].filter((f) => ASSET.test(f));
}

/** The stylesheets to fetch early: antd's, for the pages drawn with it. */
export function screenStyles(screens: ConsoleScreens, path: string, hasSession: boolean): string[] {
  if (screenOf(path, hasSession) !== 'page') return [];
  return (screens.antdStyles ?? []).filter((f) => STYLE.test(f));
}

/** The console's index.html with the screen's preloads before `</head>`. */
export function withPreloads(html: string, files: string[], styles: string[] = []): string {
  if (files.length === 0 && styles.length === 0) return html;
  const links = [
    ...styles.map((f) => `<link rel="preload" as="style" crossorigin href="${f}">`),
    ...files.map((f) => `<link rel="modulepreload" crossorigin href="${f}">`),
  ].join('');
  return html.replace('</head>', `${links}</head>`);
}
