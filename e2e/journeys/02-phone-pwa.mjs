// The phone app is an installable PWA whose service worker keeps the app shell for weak signals.
import assert from 'node:assert/strict';

export default [
  {
    name: 'manifest and service worker are served under /m/',
    async run({ baseUrl, newPage }) {
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      const href = await page.locator('link[rel=manifest]').getAttribute('href');
      assert.equal(href, '/m/manifest.webmanifest');
      const manifest = await (await page.request.get(`${baseUrl}${href}`)).json();
      assert.equal(manifest.start_url, '/m/');
      assert.equal(manifest.scope, '/m/');
      assert.equal(manifest.display, 'standalone');
      for (const size of ['192x192', '512x512']) {
        const icon = manifest.icons.find((i) => i.sizes === size);
        assert.ok(icon, `a ${size} icon`);
        assert.equal((await page.request.get(`${baseUrl}${icon.src}`)).status(), 200, `${icon.src} is served`);
      }
      const sw = await page.request.get(`${baseUrl}/m/sw.js`);
      assert.equal(sw.status(), 200);
      assert.match(sw.headers()['content-type'] ?? '', /javascript/);
    },
  },
  {
    name: 'after one visit the sign-in screen opens with no network',
    async run({ baseUrl, newPage, screenshot }) {
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await page.getByText('手机号').first().waitFor();
      // Wait until the service worker is active and controls the page, i.e. the shell is cached.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) =>
            navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
          );
        }
      });
      await page.context().setOffline(true);
      await page.reload();
      await page.getByText('有事找楼长').waitFor({ timeout: 15_000 });
      await page.getByText('当前网络不可用').waitFor();
      await screenshot(page, 'm-login-offline-360x640');
    },
  },
];
