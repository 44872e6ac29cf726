import { maskPhone } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
import { jpeg } from '../../../test/world';
import { SLOGAN } from './board-pdf';

let t: TestApp;
let a: Tree;
let second: Awaited<ReturnType<typeof child>>;
let other: Tree;
let captain: { id: number; phone: string; name: string };
let cookies: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://lz.example.cn/' });
  const db = t.database.db;
  a = await buildTree(db);
  second = await child(db, a.estate, 'building', `第二栋${a.building.id}`);
  other = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }], '陈美玲');
  const users = {
    captain,
    grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }], '黄志强'),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    otherCommunity: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: other.community }]),
    resident: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
  };
  cookies = {};
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t.close());

const get = (who: string | null, url: string) =>
  t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who] as string } : {} });

describe('building board PDF', () => {
  it("prints the captain's name with a masked phone, the slogan, and a QR code with the building's stable report link", async () => {
    const res = await get('captain', `/api/v1/buildings/${a.building.id}/board.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { pages } = await readPdf(res.rawPayload);
    expect(pages).toHaveLength(1);
    const page = pages[0] as (typeof pages)[number];
    expect(page.text).toContain(SLOGAN);
    expect(page.text).toContain('陈美玲');
    expect(page.text).toContain('黄志强');
    expect(page.text).toContain(a.building.name);
    expect(page.text).toContain(maskPhone(captain.phone));
    expect(page.text).not.toContain(captain.phone);
    expect(page.darkShare).toBeGreaterThan(0.02);

    // the QR carries <PUBLIC_URL>/m/r/<token>, and the token is the building's report token
    const token = (await get('captain', `/api/v1/buildings/${a.building.id}/report-token`)).json().token as string;
    expect(page.qr).toBe(`https://lz.example.cn/m/r/${token}`);
    const byToken = await get(null, `/api/v1/buildings/by-token/${token}`);
    expect(byToken.json().buildingId).toBe(a.building.id);

    // stable: printing again gives the same link
    const again = await readPdf((await get('community', `/api/v1/buildings/${a.building.id}/board.pdf`)).rawPayload);
    expect(again.pages[0]?.qr).toBe(page.qr);
  });

  it('is not found outside the jurisdiction, for residents, or for a unit that is not a building', async () => {
    expect((await get('otherCommunity', `/api/v1/buildings/${a.building.id}/board.pdf`)).statusCode).toBe(404);
    expect((await get('resident', `/api/v1/buildings/${a.building.id}/board.pdf`)).statusCode).toBe(404);
    expect((await get('community', `/api/v1/buildings/${a.grid.id}/board.pdf`)).statusCode).toBe(404);
    expect((await get(null, `/api/v1/buildings/${a.building.id}/board.pdf`)).statusCode).toBe(401);
    expect((await get('community', '/api/v1/buildings/abc/board.pdf')).statusCode).toBe(400);
  });
});

describe('batch of boards', () => {
  it("prints every building of a community, one page each, each with its own building's QR code", async () => {
    const res = await get('community', `/api/v1/org-units/${a.community.id}/boards.pdf`);
    expect(res.statusCode).toBe(200);
    const { pages } = await readPdf(res.rawPayload);
    expect(pages).toHaveLength(2);
    const names = [a.building.name, second.name];
    for (const name of names) expect(pages.filter((p) => p.text.includes(name))).toHaveLength(1);
    const secondPage = pages.find((p) => p.text.includes(second.name));
    expect(secondPage?.text).toContain('本楼暂无楼长');
    const qrs = pages.map((p) => p.qr);
    expect(new Set(qrs).size).toBe(2);
    expect(qrs.every((q) => q?.startsWith('https://lz.example.cn/m/r/'))).toBe(true);
  });

  it('refuses a street (too wide) and a community outside the jurisdiction', async () => {
    const street = await get('community', `/api/v1/org-units/${a.street.id}/boards.pdf`);
    expect(street.statusCode).toBe(404);
    expect((await get('otherCommunity', `/api/v1/org-units/${a.community.id}/boards.pdf`)).statusCode).toBe(404);
    const streetStaff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org-units/${a.street.id}/boards.pdf`,
      headers: { cookie: await login(t.app, streetStaff.phone) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the buildings a batch prints', () => {
  it('lists the community’s buildings as the batch prints them, with the captains named on each board', async () => {
    const res = await get('community', `/api/v1/org-units/${a.community.id}/board-buildings`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.unit).toEqual({ id: a.community.id, name: a.community.name, kind: 'community' });
    expect(body.truncated).toBe(false);
    const byId = new Map(body.items.map((b: { id: number; captains: string[] }) => [b.id, b.captains]));
    expect([...byId.keys()].sort()).toEqual([a.building.id, second.id].sort());
    expect(byId.get(a.building.id)).toEqual(['陈美玲']);
    expect(byId.get(second.id)).toEqual([]);
    // The same buildings as the one-PDF batch, one page each.
    const { pages } = await readPdf(
      (await get('community', `/api/v1/org-units/${a.community.id}/boards.pdf`)).rawPayload,
    );
    expect(pages).toHaveLength(body.items.length);
  });

  it('is not found outside the jurisdiction, refuses a street as too wide, and asks for a sign-in', async () => {
    expect((await get('otherCommunity', `/api/v1/org-units/${a.community.id}/board-buildings`)).statusCode).toBe(404);
    expect((await get('grid', `/api/v1/org-units/${a.community.id}/board-buildings`)).statusCode).toBe(404);
    expect((await get('resident', `/api/v1/org-units/${a.community.id}/board-buildings`)).statusCode).toBe(404);
    expect((await get('community', `/api/v1/org-units/${a.street.id}/board-buildings`)).statusCode).toBe(404);
    expect((await get(null, `/api/v1/org-units/${a.community.id}/board-buildings`)).statusCode).toBe(401);
    const streetStaff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org-units/${a.street.id}/board-buildings`,
      headers: { cookie: await login(t.app, streetStaff.phone) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the captain’s portrait on the board', () => {
  const upload = async (who: string, hue: number) => {
    const mp = multipartFile('file', 'me.jpg', await jpeg(hue), 'image/jpeg');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      payload: mp.payload,
      headers: { ...mp.headers, cookie: cookies[who]! },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  };
  const put = (who: string, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/captains/me/portrait',
      payload: payload as object,
      headers: { cookie: cookies[who]! },
    });
  /** Image XObjects in the PDF: the board draws its QR code as vectors, so only a portrait is one. */
  const images = (pdf: Buffer) => pdf.toString('latin1').split('/Subtype /Image').length - 1;

  it('prints the captain’s own portrait beside their name, once they set one', async () => {
    const url = `/api/v1/buildings/${a.building.id}/board.pdf`;
    expect(images((await get('community', url)).rawPayload)).toBe(0);
    const photoId = await upload('captain', 120);
    const res = await put('captain', { photoId });
    expect(res.statusCode).toBe(200);
    expect(res.json().photo.id).toBe(photoId);
    const board = (await get('community', url)).rawPayload;
    expect(images(board)).toBe(1);
    expect((await readPdf(board)).pages[0]?.text).toContain('陈美玲');
    // The building's residents and staff over it may see it in the app; the next community may not.
    for (const who of ['resident', 'community', 'grid'])
      expect((await get(who, `/api/v1/photos/${photoId}`)).statusCode, who).toBe(200);
    expect((await get('otherCommunity', `/api/v1/photos/${photoId}`)).statusCode).toBe(404);
  });

  it('refuses a portrait for someone who is not a captain, or a photo one did not upload, changing nothing', async () => {
    const mine = await upload('grid', 130);
    expect((await put('grid', { photoId: mine })).statusCode).toBe(403);
    const res = await put('captain', { photoId: mine });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect((await put('captain', { photoId: '1' })).statusCode).toBe(400);
    expect(images((await get('community', `/api/v1/buildings/${a.building.id}/board.pdf`)).rawPayload)).toBe(1);
    expect((await get('otherCommunity', `/api/v1/photos/${mine}`)).statusCode).toBe(404);
  });
});
