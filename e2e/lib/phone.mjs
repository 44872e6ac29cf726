// Helpers shared by the phone-app journeys: test photos, API sessions, signing in on the phone.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A w×h RGB PNG with a pattern that depends on `seed` (so two photos never look alike to the perceptual
 * hash), standing in for a camera shot. Larger than 1600 px by default, so the phone downscales it.
 */
export function testPhoto(seed = 1, w = 2000, h = 1500) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < w; x++) {
      const i = row + 1 + x * 3;
      const band = Math.floor((x * (seed + 2)) / 97 + (y * ((seed % 5) + 1)) / 53) % 2;
      raw[i] = band ? (x * 255) / w : 40 + seed * 30;
      raw[i + 1] = band ? (y * 255) / h : 200 - seed * 20;
      raw[i + 2] = (band ? 60 : 180) + ((seed * 37) % 60);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return {
    name: `IMG_${seed}.png`,
    mimeType: 'image/png',
    buffer: Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  };
}

/** An API session for `phone` in its own browser context (own cookies): { get, post, me }. */
export async function apiSession(browser, baseUrl, phone, password = 'louzhang123') {
  const context = await browser.newContext();
  const req = context.request;
  const login = await req.post(`${baseUrl}/api/v1/auth/login`, { data: { phone, password } });
  if (!login.ok()) throw new Error(`login ${phone}: ${login.status()} ${await login.text()}`);
  const call = async (method, path, data, headers = {}) => {
    const res = await req.fetch(`${baseUrl}/api/v1${path}`, { method, data, headers });
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    return { status: res.status(), body };
  };
  const ok = async (method, path, data, headers) => {
    const r = await call(method, path, data, headers);
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const me = (await ok('GET', '/auth/me')).user;
  return {
    me,
    call,
    get: (path) => ok('GET', path),
    post: (path, data, headers) => ok('POST', path, data, headers),
    put: (path, data, headers) => ok('PUT', path, data, headers),
    /** Uploads a photo ({ name, mimeType, buffer }) and returns the PhotoView. */
    upload: async (file) => {
      const res = await req.post(`${baseUrl}/api/v1/photos`, { multipart: { file } });
      if (res.status() !== 201) throw new Error(`upload: ${res.status()} ${await res.text()}`);
      return res.json();
    },
    close: () => context.close(),
  };
}

/** Signs in on the phone's login screen (the page is already on it). */
export async function phoneLogin(page, phone, password = 'louzhang123') {
  // The phone app opens on sign-in by SMS code; the password is the second tab.
  await page.getByRole('tab', { name: '密码登录' }).click();
  await page.locator('input[name=phone]').fill(phone);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

/** Today in Asia/Shanghai as YYYY-MM-DD (chores are published by local date). */
export function shanghaiToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
