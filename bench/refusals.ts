import pg from 'pg';
import { childCpuMs, childEnv, encryptionKey, load, PG_ROOT, serverStartFlags, startChild, withDb } from './lib';
import { cookieOf } from './seed';

/**
 * The rush's refusals alone, for working on their cost (`node --import tsx bench/refusals.ts`, after an
 * `npm run bench` has left its database `lz_bench`): the rush street's goods are all set to no stock, then
 * the server and the baseline are started one after the other and each answers `REFUSALS_N` (20,000) orders
 * from 100 connections, once unmeasured and three times measured, every one a 409 SOLD_OUT. Prints each
 * measurement's rate and the side's own Node CPU per refusal (its `process.cpuUsage()`, as the bench's
 * **cpu** column). `REFUSALS_SIDE=server` or `baseline` runs one side only. Not part of `npm run bench`.
 */
const url = withDb(PG_ROOT, 'lz_bench');
const pool = new pg.Pool({ connectionString: url, max: 2 });
const { rows: goods } = await pool.query<{ id: string; street_id: string }>(
  `select id, street_id from mall_products
    where street_id = (select street_id from mall_products group by street_id order by count(*) desc limit 1)
    order by id`,
);
if (goods.length === 0) throw new Error('no goods in lz_bench: run `npm run bench` first');
const streetId = Number(goods[0]?.street_id);
const products = goods.map((g) => Number(g.id));
await pool.query('update mall_products set stock = 0 where street_id = $1', [streetId]);
const { rows: captains } = await pool.query<{ id: string; path: string }>(
  `select b.user_id as id, o.path from role_bindings b join org_units o on o.id = b.org_unit_id
    where b.role = 'captain' and b.street_id = $1 order by b.user_id`,
  [streetId],
);
await pool.end();

const env = childEnv(url, encryptionKey(), '/tmp/louzhang-refusals');
const N = Number(process.env.REFUSALS_N ?? 20_000);
const sides = [
  { name: 'server', port: 3901, script: 'apps/server/src/main.ts', ready: /listening on/ },
  { name: 'baseline', port: 3902, script: 'bench/baseline.ts', ready: /baseline listening/ },
].filter((s) => !process.env.REFUSALS_SIDE || s.name === process.env.REFUSALS_SIDE);

for (const side of sides) {
  const child = await startChild(
    side.script,
    { ...env, PORT: String(side.port), BENCH_COUNT_PORT: String(side.port + 10) },
    side.ready,
    ['--import', './bench/count-queries.ts', ...serverStartFlags()],
  );
  let seq = 0;
  const measure = async () => {
    const before = await childCpuMs(side.port);
    const r = await load({
      port: side.port,
      connections: 100,
      amount: N,
      expected: [409],
      next: () => {
        const i = seq++ % captains.length;
        const c = captains[i] as { id: string; path: string };
        return {
          method: 'POST',
          path: '/api/v1/mall/orders',
          headers: {
            cookie: cookieOf(Number(c.id)),
            'idempotency-key': `refusal-${side.name}-${seq}`,
            'x-bench-street': String(streetId),
            'x-bench-path': c.path,
          },
          body: JSON.stringify({ items: [{ productId: products[i % products.length], quantity: 1 }] }),
        };
      },
    });
    const cpuUs = ((await childCpuMs(side.port)) - before) * 1000;
    return `${r.rps}/s, ${(cpuUs / N).toFixed(0)} µs of Node CPU a refusal, ${r.errors} errors`;
  };
  await measure();
  for (let k = 0; k < 3; k++) process.stdout.write(`${side.name}: ${await measure()}\n`);
  await child.stop();
}
