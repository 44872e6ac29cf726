import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { type Connect, defineConfig, type Plugin } from 'vite';
import { EARLY_WHO_AM_I_SCRIPT } from '../../packages/contracts/src/web/early-script';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** SPA fallback for both apps in `vite` and `vite preview`, as the server does in production. */
function twoAppFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const isPage = (req.headers.accept ?? '').includes('text/html') && !/\.[a-z0-9]+$/i.test(path);
    if (isPage) {
      if (path === '/') req.url = '/m/';
      else if (path.startsWith('/console')) req.url = '/console/index.html';
      else if (path.startsWith('/m')) req.url = '/m/index.html';
    }
    next();
  };
  return {
    name: 'louzhang-two-app-fallback',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

/**
 * Writes the phone app's service worker, dist/m/sw.js (from src/m/service-worker.js, stamped with a
 * build id), and dist/m/precache.json: every JS and CSS file the phone app can load (entry, static and
 * lazy chunks), so the worker caches all screens at install, not only the first.
 */
function phoneServiceWorker(): Plugin {
  return {
    name: 'louzhang-phone-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.replaceAll('\\', '/').endsWith('/m/index.html'));
      if (!entry) this.error('phone entry m/index.html not found in the bundle');
      const files = new Set<string>();
      const visit = (fileName: string) => {
        if (files.has(fileName)) return;
        files.add(fileName);
        const c = chunks.find((x) => x.fileName === fileName);
        if (!c) return;
        for (const css of c.viteMetadata?.importedCss ?? []) files.add(css);
        for (const dep of [...c.imports, ...c.dynamicImports]) visit(dep);
      };
      visit(entry.fileName);
      const list = [...files].sort().map((f) => `/${f}`);
      const buildId = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 'm/precache.json', source: `${JSON.stringify(list, null, 1)}\n` });
      const sw = readFileSync(here('./src/m/service-worker.js'), 'utf8').replace('__BUILD_ID__', buildId);
      this.emitFile({ type: 'asset', fileName: 'm/sw.js', source: sw });
    },
  };
}

/**
 * Writes x.br and x.gz beside every built asset worth compressing, at the highest levels (once, at
 * build time), so the server sends them without compressing on each request. A cheap phone on slow 4G
 * gets the phone app's JS at about a quarter of its size.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'louzhang-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((f) => {
          const p = join(dir, f);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(isAbsolute(outDir) ? join(outDir, 'assets') : here(`./${outDir}/assets`))) {
        if (!/\.(js|css|svg|json|map)$/.test(file) || statSync(file).size < 1024) continue;
        const raw = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * The console's first screens, by the modules they render: the sign-in page, or the layout and (at
 * /console/) the 工作台. They load lazily, so neither screen carries the other's code; the build writes
 * dist/console/preload.json with each screen's files (its chunks and the chunks they import, less what
 * the entry already loads), and the server names the right ones in the page it sends as
 * <link rel="modulepreload">, so they download alongside the entry instead of one round trip after it.
 */
const CONSOLE_SCREENS: Record<string, string[]> = {
  login: ['src/console/pages/login-page.tsx'],
  layout: ['src/console/console-layout.tsx'],
  home: ['src/console/pages/home-page.tsx'],
  antd: ['src/console/shell/antd-root.tsx'],
};

/** antd's stylesheet as built (antdStaticStyle), named in preload.json as `antdStyles` for the server. */
let antdStylesFile: string | undefined;

function consoleScreenPreloads(): Plugin {
  return {
    name: 'louzhang-console-screen-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (fileName: string, into: Set<string>) => {
        if (into.has(fileName)) return into;
        into.add(fileName);
        for (const dep of byFile.get(fileName)?.imports ?? []) closure(dep, into);
        return into;
      };
      const entry = chunks.find(
        (c) => c.isEntry && c.facadeModuleId?.replaceAll('\\', '/').endsWith('/console/index.html'),
      );
      if (!entry) this.error('console entry console/index.html not found in the bundle');
      const loaded = closure(entry.fileName, new Set());
      const screens: Record<string, string[]> = {};
      for (const [screen, modules] of Object.entries(CONSOLE_SCREENS)) {
        const files = new Set<string>();
        for (const m of modules) {
          // The chunk that holds the module (a module shared with other screens may sit in a common chunk).
          const chunk = chunks.find((c) => c.moduleIds.some((id) => id.replaceAll('\\', '/').endsWith(`/${m}`)));
          if (!chunk) this.error(`console screen ${screen}: no chunk holds ${m}`);
          closure(chunk.fileName, files);
        }
        screens[screen] = [...files].filter((f) => !loaded.has(f)).map((f) => `/${f}`);
      }
      if (antdStylesFile) screens.antdStyles = [`/${antdStylesFile}`];
      this.emitFile({
        type: 'asset',
        fileName: 'console/preload.json',
        source: `${JSON.stringify(screens, null, 1)}\n`,
      });
    },
  };
}

/**
 * antd's stylesheet for the console's theme (src/console/theme.ts), made by antd's own style extraction
 * (every component rendered once on the server with the theme, the CSS its style hooks produce
 * collected). The console runs antd with zeroRuntime, so this file is all antd's CSS there. It is written
 * as a hashed asset, not passed through Vite's CSS pipeline, whose transforms for older browsers would
 * double its size. It is not linked: the first screens (sign-in, the frame, the 工作台) are drawn without
 * antd, so the page names it in <meta name="lz-antd-css"> and the console loads it with antd's code
 * (src/console/shell/antd-styles.ts), before its own stylesheet so that one keeps overriding it.
 */
function antdStaticStyle(): Plugin {
  let made: { fileName: string; css: string } | undefined;
  const make = async () => {
    const [{ extractStyle }, { ConfigProvider }, { createElement }, { CONSOLE_THEME }] = await Promise.all([
      import('@ant-design/static-style-extract'),
      import('antd'),
      import('react'),
      import('./src/console/theme'),
    ]);
    const css = extractStyle((node) => createElement(ConfigProvider, { theme: CONSOLE_THEME }, node));
    const hash = createHash('sha256').update(css).digest('base64url').slice(0, 10);
    antdStylesFile = `assets/antd-console-${hash}.css`;
    return { fileName: antdStylesFile, css };
  };
  return {
    name: 'louzhang-antd-static-style',
    async buildStart() {
      made ??= await make();
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!made || req.url !== `/${made.fileName}`) return next();
        res.setHeader('content-type', 'text/css; charset=utf-8');
        res.end(made.css);
      });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!made || !ctx.filename.replaceAll('\\', '/').endsWith('/console/index.html')) return html;
        const meta = `<meta name="lz-antd-css" content="/${made.fileName}">`;
        return html.replace('</head>', `${meta}</head>`);
      },
    },
    generateBundle() {
      if (made) this.emitFile({ type: 'asset', fileName: made.fileName, source: made.css });
    },
  };
}

/** Writes the early "who am I" request inline at the top of both pages (see EARLY_WHO_AM_I_SCRIPT). */
function earlyWhoAmI(): Plugin {
  return {
    name: 'louzhang-early-who-am-i',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'script', children: EARLY_WHO_AM_I_SCRIPT, injectTo: 'head-prepend' }],
    },
  };
}

/**
 * One build, two apps: dist/console/index.html (served at /console/) and dist/m/index.html (served at
 * /m/), hashed assets under /assets/. The manifest lets scripts/bundle-budget.mjs measure each app's
 * initial JS. In dev, /api goes to the server (LOUZHANG_API, default http://127.0.0.1:3000).
 */
export default defineConfig({
  base: '/',
  plugins: [
    react(),
    antdStaticStyle(),
    twoAppFallback(),
    earlyWhoAmI(),
    phoneServiceWorker(),
    consoleScreenPreloads(),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        console: here('./console/index.html'),
        m: here('./m/index.html'),
      },
      // Browsers open at most 6 connections to one host over HTTP/1.1, so on slow 4G a first screen made
      // of a dozen files waits in line (562 ms a round trip, the early "who am I" behind them). Common
      // chunks up to 64 KB are copied into the chunks that use them instead of being separate files: the
      // phone's first screen is 3 files, the console's 10–12 (16 KB gave 5 and 16–19). Lazy console pages
      // carry more duplicated code for it (all JS 1.2 → 2.0 MB gzip, fetched a page at a time); the
      // phone's precache barely moves (337 → 349 KB). 256 KB would double that precache.
      preserveEntrySignatures: false,
      output: {
        codeSplitting: {
          experimentalInlineCommonChunks: { maxSize: 64 * 1024 },
          // React, the router and the shared Chinese messages, which every screen of both apps needs. Not
          // Babel's helpers: only antd and antd-mobile's dependencies use them, never a first screen.
          groups: [
            {
              name: 'base',
              test: /rolldown[\\/]runtime|[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]|[\\/]src[\\/]locales[\\/](index|zh-CN|deliberation-zh-CN)/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.LOUZHANG_API ?? 'http://127.0.0.1:3000' },
  },
  preview: {
    proxy: { '/api': process.env.LOUZHANG_API ?? 'http://127.0.0.1:3000' },
  },
});
