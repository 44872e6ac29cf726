// A stand-in for the louzhang API with made-up data, for working on the web apps before (or without)
// the real server: node apps/web/scripts/mock-api.mjs [port]   then   LOUZHANG_API=http://127.0.0.1:PORT npx vite
// Logins: 13800000001 (community staff), 13800000002 (captain + resident), 13800000003 (resident with no
// household), password louzhang123. Not used by the e2e journeys, which run against the real server.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 3100);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PASSWORD = 'louzhang123';

const units = [
  { id: 1, parentId: null, kind: 'street', name: '长沙街道', management: null, address: null },
  { id: 2, parentId: 1, kind: 'community', name: '东风社区', management: null, address: null },
  { id: 3, parentId: 1, kind: 'community', name: '西河社区', management: null, address: null },
  { id: 4, parentId: 2, kind: 'grid', name: '第一网格', management: null, address: null },
  { id: 5, parentId: 4, kind: 'estate', name: '幸福小区', management: 'unmanaged', address: '幸福路 8 号' },
  { id: 6, parentId: 4, kind: 'estate', name: '和平里', management: 'standalone', address: '和平街 3 号' },
  { id: 7, parentId: 5, kind: 'building', name: '1 栋', management: null, address: '幸福路 8 号 1 栋' },
  { id: 8, parentId: 5, kind: 'building', name: '2 栋', management: null, address: '幸福路 8 号 2 栋' },
  { id: 9, parentId: 6, kind: 'building', name: '和平里 3 号楼', management: null, address: '和平街 3 号' },
].map((u) => ({ ...u, path: '' }));
for (const u of units) u.path = pathOfId(u.id);
function pathOfId(id) {
  const u = units.find((x) => x.id === id);
  return u.parentId ? `${pathOfId(u.parentId)}.${id}` : String(id);
}
const withChildren = (u) => ({ ...u, hasChildren: units.some((c) => c.parentId === u.id) });

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高';
const GIVEN = ['秀英', '建国', '桂兰', '志强', '淑芬', '国华', '丽娟', '文明', '玉兰', '德福', '小明', '婷婷'];
const TAGS = ['elderly_alone', 'empty_nest', 'aged', 'disabled', 'low_income', 'left_behind_child'];
const buildings = units.filter((u) => u.kind === 'building');
let residentId = 1000;
const households = Array.from({ length: 137 }, (_, i) => {
  const b = buildings[i % buildings.length];
  const floor = 1 + (Math.floor(i / 3) % 7);
  const room = `${floor}0${1 + (i % 3)}`;
  const n = 1 + (i % 4);
  const residents = Array.from({ length: n }, (_, j) => ({
    id: residentId++,
    name: SURNAMES[(i * 7 + j) % SURNAMES.length] + GIVEN[(i + j * 5) % GIVEN.length],
    gender: (i + j) % 2 ? 'F' : 'M',
    birthYear: 1940 + ((i * 13 + j * 17) % 70),
    relation: j === 0 ? '户主' : ['配偶', '子女', '父母'][j % 3],
    phoneMasked: `13${(i + j) % 10}****${String(1000 + ((i * 31 + j) % 9000)).padStart(4, '0')}`,
    idNumberMasked: j === 3 ? null : `4407**********${String(1000 + ((i * 17 + j) % 9000))}`,
    careTags: i % 5 === 0 && j === 0 ? [TAGS[i % TAGS.length]] : [],
    hasAccount: j === 0,
  }));
  return {
    id: i + 1,
    buildingId: b.id,
    buildingName: b.name,
    unitLabel: i % 2 ? '2 单元' : '1 单元',
    floor,
    room,
    address: `${b.address} ${i % 2 ? '2 单元' : '1 单元'} ${room} 室`,
    floorArea: i % 6 === 0 ? null : 48 + (i % 9) * 7.5,
    isOwner: i % 4 !== 0,
    memberCount: n,
    careTags: [...new Set(residents.flatMap((r) => r.careTags))],
    residents,
  };
});

const users = {
  13800000001: {
    id: 1,
    name: '李社区',
    roles: [{ role: 'community_staff', orgUnitId: 2, orgUnitName: '东风社区', orgKind: 'community' }],
  },
  13800000002: {
    id: 2,
    name: '王秀英',
    roles: [
      { role: 'captain', orgUnitId: 7, orgUnitName: '1 栋', orgKind: 'building' },
      { role: 'resident', orgUnitId: 7, orgUnitName: '1 栋', orgKind: 'building' },
    ],
  },
  13800000003: {
    id: 3,
    name: '赵德福',
    roles: [{ role: 'resident', orgUnitId: 8, orgUnitName: '2 栋', orgKind: 'building' }],
  },
};
const MESSAGES = {
  UNAUTHENTICATED: ['请先登录', 'Please sign in'],
  INVALID_CREDENTIALS: ['手机号或密码错误', 'Wrong phone number or password'],
  NOT_FOUND: ['找不到该记录', 'Not found'],
  ROUTE_NOT_FOUND: ['接口不存在', 'No such endpoint'],
  VALIDATION_FAILED: ['请求内容有误，请检查后重试', 'The request is not valid'],
};

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const en = (req.headers['accept-language'] ?? '').startsWith('en');
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail = (status, code, fields) =>
    send(status, { error: { code, message: MESSAGES[code]?.[en ? 1 : 0] ?? code, ...(fields ? { fields } : {}) } });
  const body = async () => {
    let s = '';
    for await (const c of req) s += c;
    return s;
  };
  const sid = /mock_sid=(\d+)/.exec(req.headers.cookie ?? '')?.[1];
  const user =
    sid && users[sid]
      ? { ...users[sid], phoneMasked: `${sid.slice(0, 3)}****${sid.slice(-4)}`, locale: 'zh-CN' }
      : null;
  const p = url.pathname.replace(/^\/api\/v1/, '');
  await new Promise((r) => setTimeout(r, 150)); // a little latency, so loading states show

  if (req.method === 'POST' && p === '/auth/login') {
    const { phone, password } = JSON.parse((await body()) || '{}');
    if (!users[phone] || password !== PASSWORD) return fail(401, 'INVALID_CREDENTIALS');
    const u = { ...users[phone], phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, locale: 'zh-CN' };
    return send(200, { user: u }, { 'set-cookie': `mock_sid=${phone}; Path=/; HttpOnly; SameSite=Lax` });
  }
  if (req.method === 'POST' && p === '/auth/logout')
    return send(204, undefined, { 'set-cookie': 'mock_sid=; Path=/; Max-Age=0' });
  if (!user) return fail(401, 'UNAUTHENTICATED');
  if (p === '/auth/me') return send(200, { user });

  if (p === '/org-units') {
    const parentId = url.searchParams.get('parentId');
    const items = parentId
      ? units.filter((u) => u.parentId === Number(parentId))
      : units.filter((u) => user.roles.some((r) => r.orgUnitId === u.id));
    return send(200, { items: items.map(withChildren) });
  }
  let m = /^\/org-units\/(\d+)$/.exec(p);
  if (m) {
    const u = units.find((x) => x.id === Number(m[1]));
    return u ? send(200, withChildren(u)) : fail(404, 'NOT_FOUND');
  }
  if (p === '/households') {
    const q = url.searchParams.get('q') ?? '';
    const tag = url.searchParams.get('careTag');
    const org = url.searchParams.get('orgUnitId');
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const offset = Number(Buffer.from(url.searchParams.get('cursor') ?? '', 'base64url').toString() || 0);
    const scope = org ? units.find((u) => u.id === Number(org))?.path : null;
    const rows = households.filter(
      (h) =>
        (!q || h.address.includes(q) || h.residents.some((r) => r.name.includes(q))) &&
        (!tag || h.careTags.includes(tag)) &&
        (!scope || pathOfId(h.buildingId).startsWith(scope)),
    );
    const items = rows.slice(offset, offset + limit).map(({ residents, ...h }) => h);
    const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    return send(200, { items, nextCursor: next });
  }
  if (p === '/households/mine') return sid === '13800000003' ? fail(404, 'NOT_FOUND') : send(200, households[0]);
  if (p === '/households/import-template' || p === '/households/export') {
    res.writeHead(200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(p.endsWith('export') ? '住户台账.xlsx' : '住户导入模板.xlsx')}`,
    });
    return res.end('mock xlsx');
  }
  if (req.method === 'POST' && p === '/households/import') {
    const raw = await body();
    const dryRun = url.searchParams.get('dryRun') !== 'false';
    const bad = raw.includes('filename="bad');
    const errors = bad
      ? [
          { rowNumber: 3, column: '身份证号', code: 'BAD_ID_NUMBER', message: '身份证号校验位不正确' },
          { rowNumber: 7, column: '楼栋', code: 'UNKNOWN_BUILDING', message: '找不到楼栋“9 栋”' },
        ]
      : [];
    return send(200, {
      dryRun,
      total: 12,
      valid: 12 - errors.length,
      errors,
      householdsCreated: dryRun ? 0 : 5,
      residentsCreated: dryRun ? 0 : 12,
    });
  }
  m = /^\/households\/(\d+)$/.exec(p);
  if (m) {
    const h = households.find((x) => x.id === Number(m[1]));
    return h ? send(200, h) : fail(404, 'NOT_FOUND');
  }
  m = /^\/residents\/(\d+)\/reveal$/.exec(p);
  if (req.method === 'POST' && m) {
    const { field, purpose } = JSON.parse((await body()) || '{}');
    if (!purpose || purpose.trim().length < 2)
      return fail(400, 'VALIDATION_FAILED', [{ path: 'purpose', message: 'too short' }]);
    return send(200, { value: field === 'phone' ? '13812345678' : '440781195001011234' });
  }
  return fail(404, 'ROUTE_NOT_FOUND');
});
server.listen(port, '127.0.0.1', () => console.log(`mock louzhang API on http://127.0.0.1:${port}`));
