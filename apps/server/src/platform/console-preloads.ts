/**
 * The console's first screen arrives with its modules named in the page: the web build writes
 * dist/console/preload.json (vite.config.ts consoleScreenPreloads) with the files of the sign-in page,
 * the layout and the 工作台, which load lazily; the server adds `<link rel="modulepreload">` for the
 * screen this request will show, so on slow 4G they download beside the entry script instead of one
 * round trip after it has run.
 */
export interface ConsoleScreens {
  login?: string[];
  layout?: string[];
  home?: string[];
}

/** Files are built asset paths; anything else in the file is ignored rather than written into the page. */
const ASSET = /^\/assets\/[\w.-]+\.js$/;

/**
 * The screen a request for `path` shows: the sign-in page when asked for, or when there is no session
 * cookie (the console sends the visitor there); otherwise the layout, with the 工作台 at the console's root.
 */
export function screenFiles(screens: ConsoleScreens, path: string, hasSession: boolean): string[] {
  const p = path.replace(/\/+$/, '');
  const wanted =
    p === '/console/login' || !hasSession
      ? [screens.login]
      : p === '/console'
        ? [screens.layout, screens.home]
        : [screens.layout];
  return [...new Set(wanted.flatMap((f) => f ?? []))].filter((f) => ASSET.test(f));
}

/** The console's index.html with the screen's modulepreloads before `</head>`. */
export function withPreloads(html: string, files: string[]): string {
  if (files.length === 0) return html;
  const links = files.map((f) => `<link rel="modulepreload" crossorigin href="${f}">`).join('');
  return html.replace('</head>', `${links}</head>`);
}
