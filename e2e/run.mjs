#!/usr/bin/env node
/**
 * End-to-end journeys in real Chromium against the real server.
 *
 *   node e2e/run.mjs [name-filter]
 *
 * Builds the web apps if apps/web/dist is missing (or E2E_BUILD=1), starts the server on a free port
 * with a fresh data folder (E2E_BASE_URL=http://… uses a running server or `vite preview` instead),
 * launches Debian's Chromium (/usr/bin/chromium, never a downloaded one; override with
 * CHROMIUM_PATH), runs e2e/journeys/*.mjs in name order and saves screenshots to test-output/e2e/.
 *
 * A journey file exports `default` as an array of `{ name, run(ctx) }`; see makeContext for ctx.
 * Prints "N passed, M failed" last and exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { screenProblems } from './lib/a11y.mjs';
import { startServer } from './lib/server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'test-output', 'e2e');
const JOURNEYS = join(ROOT, 'e2e', 'journeys');
const TEST_TIMEOUT_MS = 120_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const filter = process.argv[2];
/** E2E_A11Y=report prints the screen checks' findings without failing (while fixing them); default: enforce. */
const A11Y = process.env.E2E_A11Y ?? 'enforce';
const log = (...a) => console.log('[e2e]', ...a);

async function main() {
  await mkdir(OUT, { recursive: true });
  ensureWebBuilt();

  const server = process.env.E2E_BASE_URL
    ? { baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''), demoUsers: [], stop: async () => {} }
    : await startServer({ logFile: join(OUT, 'server.log') });
  log(`base URL ${server.baseUrl}`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const files = (await readdir(JOURNEYS)).filter((f) => f.endsWith('.mjs')).sort();
    for (const file of files) {
      const mod = await import(pathToFileURL(join(JOURNEYS, file)).href);
      const tests = Array.isArray(mod.default) ? mod.default : [];
      if (tests.length === 0) log(`warning: ${file} exports no tests`);
      for (const test of tests) {
        const fullName = `${file.replace(/\.mjs$/, '')} › ${test.name}`;
        if (filter && !fullName.includes(filter)) continue;
        const ctx = makeContext(browser, server);
        const started = Date.now();
        try {
          await withTimeout(test.run(ctx), TEST_TIMEOUT_MS, fullName);
          const errors = ctx.pageErrors();
          if (errors.length) throw new Error(`uncaught errors in the page:\n  ${errors.join('\n  ')}`);
          await ctx.checkOpenScreens();
          const problems = ctx.screenProblems();
          if (problems.length && A11Y !== 'report')
            throw new Error(`screens that fail the accessibility and wording checks:\n  ${problems.join('\n  ')}`);
          if (problems.length) console.log(`    (report only) ${problems.join('\n    ')}`);
          passed++;
          console.log(`  ✓ ${fullName} (${Date.now() - started} ms)`);
        } catch (err) {
          if (err instanceof Skip) {
            skipped++;
            console.log(`  - ${fullName} (skipped: ${err.message})`);
            continue;
          }
          failed++;
          console.log(
            `  ✗ ${fullName}\n    ${String(err?.stack ?? err)
              .split('\n')
              .join('\n    ')}`,
          );
          for (const line of await ctx.describeAll().catch(() => [])) console.log(`    ${line}`);
          await ctx.screenshotAll(`FAILED-${slug(fullName)}`).catch(() => {});
        } finally {
          await ctx.close();
        }
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

/** Thrown by ctx.skip(): the test cannot run here (e.g. no demo logins against an external server). */
class Skip extends Error {}

/** What a test gets: fresh, isolated browser contexts and helpers. */
function makeContext(browser, server) {
  const contexts = [];
  const errors = [];
  const problems = [];
  // The API's refusals and failures, kept so a failed journey says what the server answered.
  const apiFailures = [];
  const mobilePages = new WeakSet();
  const checked = new WeakMap(); // page → the URL last checked, so an unchanged screen is checked once
  const check = async (page, where) => {
    if (page.isClosed() || checked.get(page) === page.url()) return;
    checked.set(page, page.url());
    const found = await screenProblems(page, { mobile: mobilePages.has(page) }).catch((e) => [
      `the screen check could not run: ${e.message.split('\n')[0]}`,
    ]);
    for (const p of found) problems.push(`[${where} ${new URL(page.url()).pathname}] ${p}`);
  };
  return {
    baseUrl: server.baseUrl,
    /** The browser, for extra contexts a test manages itself (e.g. API sessions; close them). */
    browser,
    /** Demo logins the server printed at start ({ phone, roles, note }), password louzhang123. */
    demoUsers: server.demoUsers,
    /** A page in a fresh context (own cookies and storage), zh-CN by default. */
    async newPage({ width = 1366, height = 768, locale = 'zh-CN', mobile = false } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        locale,
        deviceScaleFactor: mobile ? 2 : 1,
        isMobile: mobile,
        hasTouch: mobile,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      // A script or style the Content-Security-Policy refuses (the inline early script with a stale hash,
      // say) fails the journey rather than passing quietly in a degraded page.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
          errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && r.url().includes('/api/'))
          apiFailures.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
      });
      if (mobile) mobilePages.add(page);
      return page;
    },
    /** Saves test-output/e2e/<name>.png and returns its path. */
    async screenshot(page, name, opts = {}) {
      checked.delete(page); // each screenshot is a screen of its own, even at the same URL
      await check(page, name);
      const path = join(OUT, `${slug(name)}.png`);
      await page.screenshot({ path, ...opts });
      return path;
    },
    async screenshotAll(prefix) {
      let i = 0;
      for (const c of contexts)
        for (const p of c.pages()) await p.screenshot({ path: join(OUT, `${prefix}-${i++}.png`) });
    },
    /**
     * What each open page showed when a journey failed: its URL, open dialogs, messages and alerts,
     * the start of its text, and the API's error answers seen during the journey.
     */
    async describeAll() {
      const lines = [];
      for (const c of contexts)
        for (const p of c.pages()) {
          const seen = await p
            .evaluate(() => {
              const text = (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
              const shown = (sel) =>
                [...document.querySelectorAll(sel)].filter((el) => el.getClientRects().length > 0).map(text);
              return {
                dialogs: shown('[role=dialog]'),
                notes: shown('.ant-message-notice, .ant-notification-notice, [role=alert], .adm-toast-main'),
                body: text(document.body).slice(0, 400),
              };
            })
            .catch((e) => ({ error: e.message.split('\n')[0] }));
          lines.push(`page ${p.url()}: ${JSON.stringify(seen)}`);
        }
      if (apiFailures.length) lines.push(`API errors: ${apiFailures.slice(-10).join('; ')}`);
      return lines;
    },
    pageErrors: () => errors,
    /** Findings of the screen checks (e2e/lib/a11y.mjs) so far. */
    screenProblems: () => problems,
    /** Checks the screens still open at the end of a journey. */
    async checkOpenScreens() {
      for (const c of contexts) for (const p of c.pages()) await check(p, 'end');
    },
    skip(reason) {
      throw new Skip(reason);
    },
    /** The first demo login holding `role`, or a skip when the server printed none. */
    demoUser(role) {
      const u = server.demoUsers.find((d) => d.roles.includes(role));
      if (!u) throw new Skip(`no demo login with role ${role}`);
      return { ...u, password: 'louzhang123' };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
    },
  };
}

function ensureWebBuilt() {
  const built =
    existsSync(join(ROOT, 'apps/web/dist/m/index.html')) && existsSync(join(ROOT, 'apps/web/dist/console/index.html'));
  if (built && process.env.E2E_BUILD !== '1') return;
  log('building the web apps…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@louzhang/web'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function slug(s) {
  return s
    .replace(/[›/\\:*?"<>|\s]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
