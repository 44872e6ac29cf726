import { maskPhone } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
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
