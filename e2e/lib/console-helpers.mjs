// Helpers for the console journeys: sign in through the console's form, call the API with a browser
// context's session (for the steps another app performs), and make a real JPEG to upload.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';

/** A demo login by phone (the README's table), or the first one holding `role`. */
export function who(ctx, phone, role) {
  const u = ctx.demoUsers.find((d) => d.phone === phone);
  return u ? { ...u, password: 'louzhang123' } : ctx.demoUser(role);
}

/** Opens `path` in the console, signing in through the login form when the session is not there yet. */
export async function consoleSignIn(page, baseUrl, user, path = '/') {
  await page.goto(`${baseUrl}/console${path}`);
  const form = page.getByLabel('手机号');
  const shell = page.locator('.lz-shell');
  await form.or(shell).first().waitFor({ timeout: 20_000 });
  if (await shell.isVisible()) return;
  await form.fill(user.phone);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await shell.waitFor({ timeout: 20_000 });
}

/**
 * An API client on a page's browser context (its cookies are the session). `post` sends a fresh
 * Idempotency-Key, as the apps do for creating calls. Non-2xx answers throw with the server's error.
 */
export function apiOf(page, baseUrl) {
  const call = async (method, path, body, headers = {}) => {
    const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'Accept-Language': 'zh-CN', ...headers },
      ...(body instanceof FormDataLike ? { multipart: body.parts } : body !== undefined ? { data: body } : {}),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok()) throw new Error(`${method} ${path} → ${res.status()} ${text}`);
    return json;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body, { 'Idempotency-Key': randomUUID() }),
    upload: (path, name, buffer) =>
      call('POST', path, new FormDataLike({ file: { name, mimeType: 'image/jpeg', buffer } }), {
        'Idempotency-Key': randomUUID(),
      }),
    async login(user) {
      await call('POST', '/auth/login', { phone: user.phone, password: user.password });
      return (await call('GET', '/auth/me')).user;
    },
  };
}

class FormDataLike {
  constructor(parts) {
    this.parts = parts;
  }
}

/**
 * A JPEG drawn in the page: a scene unique to `seed` (no two seeds look alike to the perceptual hash);
 * the same seed at another quality gives other bytes of the same picture.
 */
export async function makeJpeg(page, seed, quality = 0.9) {
  const b64 = await page.evaluate(
    ([s, q]) => {
      const c = document.createElement('canvas');
      c.width = 640;
      c.height = 480;
      const g = c.getContext('2d');
      let x = s * 9301 + 49297;
      const rnd = () => {
        x = (x * 9301 + 49297) % 233280;
        return x / 233280;
      };
      g.fillStyle = `hsl(${Math.floor(rnd() * 360)}, 40%, 70%)`;
      g.fillRect(0, 0, 640, 480);
      for (let i = 0; i < 40; i++) {
        g.fillStyle = `hsl(${Math.floor(rnd() * 360)}, 70%, ${Math.floor(20 + rnd() * 60)}%)`;
        g.fillRect(rnd() * 600, rnd() * 440, 20 + rnd() * 200, 20 + rnd() * 160);
      }
      g.fillStyle = '#000';
      g.font = '48px sans-serif';
      g.fillText(`楼道 ${s}`, 40, 80);
      return c.toDataURL('image/jpeg', q).split(',')[1];
    },
    [seed, quality],
  );
  return Buffer.from(b64, 'base64');
}

/** Today's date in Asia/Shanghai (the server's idea of "today" for chores), YYYY-MM-DD. */
export function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Clicks the export button named `name` (in `within`, the page by default; a button's name is its icon's
 * and its text's, "download 导出") and reads the downloaded workbook's first sheet: its header row and its
 * body rows.
 */
export async function exportSheet(page, within = page, name = /导出$/) {
  const [download] = await Promise.all([page.waitForEvent('download'), within.getByRole('button', { name }).click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await readFile(await download.path()));
  const rows = [];
  wb.worksheets[0].eachRow((r) => rows.push(r.values.slice(1)));
  return { fileName: download.suggestedFilename(), header: rows[0], body: rows.slice(1) };
}
