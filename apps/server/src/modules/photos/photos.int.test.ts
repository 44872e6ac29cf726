import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree;
let captain: { id: number; cookie: string };
let sameStreetStaff: string;
let otherStreetStaff: string;

const jpeg = (hue: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: hue, g: 255 - hue, b: 90 } } })
    .composite([
      { input: Buffer.from([255, 255, 255]), raw: { width: 1, height: 1, channels: 3 }, tile: true, left: 0, top: 0 },
    ])
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  t = await startTestApp();
  a = await buildTree(t.database.db);
  const other = await buildTree(t.database.db, { city: a.city, district: a.district });
  const c = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }]);
  captain = { id: c.id, cookie: await login(t.app, c.phone) };
  sameStreetStaff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }])).phone,
  );
  otherStreetStaff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: other.street }])).phone,
  );
});
afterAll(() => t.close());

const upload = (bytes: Buffer, cookie = captain.cookie, type = 'image/jpeg') => {
  const mp = multipartFile('file', 'photo.jpg', bytes, type);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie },
  });
};

describe('photo upload', () => {
  it('stores a re-encoded JPEG with a thumbnail that only its uploader can open while it is attached to nothing', async () => {
    const png = await sharp(await jpeg(10))
      .png()
      .toBuffer();
    const res = await upload(png, captain.cookie, 'image/png');
    expect(res.statusCode).toBe(201);
    const photo = res.json();
    expect(photo).toMatchObject({ width: 64, height: 48, url: `/api/v1/photos/${photo.id}` });
    const img = await t.app.inject({ method: 'GET', url: photo.url, headers: { cookie: captain.cookie } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const street = await t.app.inject({ method: 'GET', url: photo.url, headers: { cookie: sameStreetStaff } });
    expect(street.statusCode).toBe(404);
    const thumb = await t.app.inject({ method: 'GET', url: photo.thumbUrl, headers: { cookie: captain.cookie } });
    expect(thumb.statusCode).toBe(200);
  });

  it('hides a photo from another street', async () => {
    const photo = (await upload(await jpeg(20))).json();
    expect(
      (await t.app.inject({ method: 'GET', url: photo.url, headers: { cookie: otherStreetStaff } })).statusCode,
    ).toBe(404);
  });

  it('refuses a file that only claims to be an image', async () => {
    const res = await upload(Buffer.from('<script>alert(1)</script>'), captain.cookie, 'image/jpeg');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_IMAGE');
  });

  it('refuses uploads without a session and bodies that are not multipart', async () => {
    expect((await upload(await jpeg(30), '')).statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      payload: { file: 'x' },
      headers: { cookie: captain.cookie },
    });
    expect(res.statusCode).toBe(415);
  });

  it('finds an earlier upload of the same picture as similar, and not a different one', async () => {
    const first = (await upload(await jpeg(200))).json();
    const reused = (
      await upload(
        await sharp(await jpeg(200))
          .jpeg({ quality: 50 })
          .toBuffer(),
      )
    ).json();
    const similar = await t.services.photos.similar(t.database.db, [reused.id]);
    expect(similar.map((s) => s.similarId)).toContain(first.id);
    await expect(t.services.photos.requireOwn(t.database.db, captain.id, [reused.id])).resolves.toHaveLength(1);
    await expect(t.services.photos.requireOwn(t.database.db, captain.id + 999, [reused.id])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('upload limit', () => {
  it('refuses a file over 10 MB with 413 every time, and stores nothing', async () => {
    const count = async () =>
      (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from photos`))[0]?.n;
    const before = await count();
    const big = Buffer.concat([await jpeg(60), Buffer.alloc(11 * 1024 * 1024, 7)]);
    for (let i = 0; i < 6; i++) {
      const res = await upload(big);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await count()).toBe(before);
  });

  it('refuses it over a real socket too, where the body arrives in pieces', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const big = Buffer.concat([await jpeg(61), Buffer.alloc(11 * 1024 * 1024, 7)]);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const mp = multipartFile('file', 'big.jpg', big, 'image/jpeg');
        const res = await fetch(`${address}/api/v1/photos`, {
          method: 'POST',
          body: mp.payload,
          headers: { ...mp.headers, cookie: captain.cookie },
        });
        statuses.push(res.status);
        if (res.status === 413)
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
      }
      expect(statuses).toEqual([413, 413, 413, 413, 413, 413]);
    } finally {
      await t.app.server.close();
    }
  });
});
