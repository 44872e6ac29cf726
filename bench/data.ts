import type pg from 'pg';
import type { PiiCipher } from '../apps/server/src/platform/crypto';
import type { Db } from '../apps/server/src/platform/db';
import {
  seedBalances,
  seedChores,
  seedHouseholds,
  seedIdempotencyHistory,
  seedProducts,
  seedTree,
  seedUsers,
} from './seed';

/** How much `npm run bench` seeds (bench.ts sets it per mode). */
export interface BenchSizes {
  residents: number;
  /** Reports already there, for the dashboard. */
  historic: number;
  choreCaptains: number;
  /** Claimed chores with a photo, for every round and side of the chore scenario. */
  chores: number;
  /** Chores submitted and rejected before the bench (`seedChores`' history). */
  choreHistory: number;
  /** Captains of the rush street. */
  captains: number;
  /** Each rush captain's opening balance: enough for every round they might win. */
  balance: number;
}

/**
 * The bench's data, by bulk SQL: a main street (residents with households, a street staff member, a
 * report category, historic reports, captains holding claimed chores) and a rush street (captains with
 * balances, 20 products).
 */
export async function seedBench(db: Db, pool: pg.Pool, cipher: PiiCipher, sizes: BenchSizes) {
  const rushStreets = 1;
  const trees = await seedTree(db, 1 + rushStreets, 100);
  const main = trees[0] as (typeof trees)[number];
  const building = (i: number) => main.buildings[i % main.buildings.length] as (typeof main.buildings)[number];
  const residents = await seedUsers(pool, cipher, sizes.residents, 'resident', building, '居民');
  await seedHouseholds(pool, residents, building);
  const [streetStaff] = await seedUsers(pool, cipher, 1, 'street_staff', () => main.street, '街道干部');
  const [category] = (
    await pool.query<{ id: string }>(
      'select id from report_categories where parent_id is not null and is_active order by id limit 1',
    )
  ).rows;
  const categoryId = Number(category?.id);
  // Historic reports for the dashboard: spread over the street's buildings and the past year.
  await pool.query(
    `insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                          handler_org_unit_id, level_entered_at, created_at, updated_at)
     select $1, b.id, b.path, $2, '历史诉求', 'app', (array['submitted','accepted','in_progress','resolved','closed'])[1 + g % 5],
            1 + g % 3, 1 + g % 3, $3, now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day', now()
     from generate_series(1, $4) g
     join lateral (select id, path from org_units where id = ($5::bigint[])[1 + g % $6]) b on true`,
    [
      main.street.id,
      categoryId,
      main.community.id,
      sizes.historic,
      main.buildings.map((b) => b.id),
      main.buildings.length,
    ],
  );
  // Chores: captains of the main street (two per building) each hold claimed tasks with a photo ready;
  // every round and side gets its own slice of tasks to submit and then approve.
  const choreCaptains = await seedUsers(pool, cipher, sizes.choreCaptains, 'captain', building, '楼长');
  const chores = await seedChores(pool, {
    streetId: main.street.id,
    publisherId: streetStaff as number,
    orgUnit: main.community,
    buildings: main.buildings,
    captainIds: choreCaptains,
    count: sizes.chores,
    history: sizes.choreHistory,
  });
  await pool.query('analyze');

  // One rush street: its 10,000 captains rush once per round. Between rounds the bench puts the street
  // back (orders set aside as cancelled, stock restored) — bookkeeping of the bench, not the app's cancel;
  // each round checks its own invariants first. Balances cover every round a captain might win.
  const rushTree = trees[1] as (typeof trees)[number];
  const rushBuilding = (i: number) =>
    rushTree.buildings[i % rushTree.buildings.length] as (typeof rushTree.buildings)[number];
  const captainIds = await seedUsers(pool, cipher, sizes.captains, 'captain', rushBuilding, '楼长');
  await seedBalances(pool, rushTree.street.id, captainIds, sizes.balance);
  // 20 products, 25 … 120 in stock: 1,450 units for 10,000 captains.
  const stocks = Array.from({ length: 20 }, (_, i) => 25 + i * 5);
  const rushProducts = await seedProducts(pool, rushTree.street.id, stocks, 100);
  const rushStreet = {
    streetId: rushTree.street.id,
    captains: captainIds.map((id, i) => ({ id, path: rushBuilding(i).path })),
    products: rushProducts,
    initial: new Map(rushProducts.map((p, i) => [p, stocks[i] as number])),
  };
  await seedIdempotencyHistory(pool, 3);
  await pool.query('analyze');
  return { main, building, residents, streetStaff, categoryId, chores, rushStreet };
}
