/**
 * Demo points and mall (docs/rules.md#points–4.4, reference 000): per street the yuan value of a point
 * (三埠 ≈ 0.57: 118k yuan for 206k points; 长沙 ≈ 0.49: 156k for 316k), the goods captains redeem
 * (抽纸, 洗衣粉, 大米, 食用油, 电饭煲, 棉被), and captains with months of credited chores and past
 * orders — the demo captain at 福宁街5号 ends near the 3,000 points 李小红 told the reporter about.
 * Everything goes through the ledger, so the demo ledger is balanced like any other. Deterministic
 * apart from pick-up codes and dates, which follow the clock.
 */

import { shanghaiDateParts } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import * as mallRepo from '../modules/mall/mall.repository';
import * as mallProducts from '../modules/mall/mall-products.repository';
import { newPickupCode, windowAt } from '../modules/mall/mall-window';
import { captainKey, ISSUANCE, LedgerService } from '../modules/points/ledger.service';
import type { Clock } from '../platform/clock';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';

export const DEMO_GOODS = [
  { name: '抽纸（3包装）', pointsPrice: 20, stock: 300, unitCostYuan: 11.9, perPersonLimit: 3 },
  { name: '洗衣粉 1.5kg', pointsPrice: 35, stock: 200, unitCostYuan: 19.9, perPersonLimit: 2 },
  { name: '大米 5kg', pointsPrice: 70, stock: 150, unitCostYuan: 39.8, perPersonLimit: 2 },
  { name: '食用油 5L', pointsPrice: 120, stock: 100, unitCostYuan: 69.9, perPersonLimit: 1 },
  { name: '床上四件套', pointsPrice: 200, stock: 30, unitCostYuan: 118, perPersonLimit: 1 },
  { name: '棉被', pointsPrice: 260, stock: 20, unitCostYuan: 149, perPersonLimit: 1 },
  { name: '电饭煲', pointsPrice: 350, stock: 10, unitCostYuan: 199, perPersonLimit: 1 },
] as const;

const STREET_SETTINGS: Record<string, { yuanPerPoint: number }> = {
  三埠街道: { yuanPerPoint: 0.57 },
  长沙街道: { yuanPerPoint: 0.49 },
};

/** Captains named in reference 000, then generic ones; bound to buildings of their street. */
const EXTRA_CAPTAINS: Record<string, string[]> = {
  三埠街道: ['徐朝碧', '陈月娥', '司徒振邦', '关少芬', '周国华', '梁志明', '方秀珍', '吴家乐'],
  长沙街道: ['张木金', '黄汉铭', '黄碧清', '谭健冰', '余丽萍', '邓锦文', '胡美玲', '劳永强'],
};

const CHORES = [
  { memo: '扫楼梯', points: 10 },
  { memo: '洗楼梯', points: 10 },
  { memo: '安全隐患巡查', points: 15 },
  { memo: '张贴通知', points: 5 },
  { memo: '政策宣传', points: 8 },
  { memo: '矛盾纠纷调解', points: 20 },
  { memo: '走访独居老人', points: 15 },
];

const DAY = 86_400_000;

export async function loadPointsAndMall(
  tx: Db,
  cipher: PiiCipher,
  clock: Clock,
  opts: { passwordHash: string; demoCaptainPhones: string[] },
): Promise<{ products: number; entries: number; orders: number }> {
  let at = clock.now();
  const ledger = new LedgerService({ now: () => at });
  const nowMs = clock.now().getTime();
  const current = windowAt(clock.now());
  const lastMonth = windowAt(new Date(current.opensAt.getTime() - 10 * DAY));
  let seq = 7;
  const rnd = (n: number) => {
    seq = (seq * 1103515245 + 12345) % 2147483648;
    return seq % n;
  };
  let entries = 0;
  let orders = 0;
  let products = 0;

  const streets = await rows<{ id: number; name: string; path: string }>(
    tx,
    sql`select id, name, path from org_units where kind = 'street' order by id`,
  );
  for (const street of streets) {
    const settings = STREET_SETTINGS[street.name] ?? { yuanPerPoint: 0.5 };
    await tx.execute(sql`insert into point_settings (street_id, yuan_per_point, adjustment_threshold)
      values (${street.id}, ${settings.yuanPerPoint}, 100) on conflict do nothing`);
    // Days 1–7 as in Kaiping; stretched to today so a demo started mid-month can redeem.
    const today = shanghaiDateParts(clock.now()).day;
    await tx.execute(sql`insert into mall_settings (street_id, window_start_day, window_end_day)
      values (${street.id}, 1, ${Math.max(7, today)}) on conflict do nothing`);
    const goods: mallProducts.ProductRow[] = [];
    for (const [i, g] of DEMO_GOODS.entries()) {
      goods.push(
        await mallProducts.insertProduct(tx, {
          streetId: street.id,
          name: g.name,
          description: null,
          photoId: null,
          pointsPrice: g.pointsPrice,
          stock: g.stock,
          unitCostYuan: g.unitCostYuan,
          perPersonLimit: g.perPersonLimit,
          isActive: true,
          sortOrder: i,
          at: clock.now(),
        }),
      );
      products++;
    }

    // Captains: the demo ones bound in this street, and a few more on other buildings of it.
    const demo = await rows<{ id: number; path: string }>(
      tx,
      sql`select u.id, o.path from users u join role_bindings rb on rb.user_id = u.id and rb.role = 'captain'
          join org_units o on o.id = rb.org_unit_id
          where o.street_id = ${street.id} and u.phone_hash in (${sql.join(
            opts.demoCaptainPhones.map((p) => sql`${cipher.blindIndex('phone', p)}`),
            sql`, `,
          )})`,
    );
    const names = EXTRA_CAPTAINS[street.name] ?? [];
    const buildings = await rows<{ id: number; path: string }>(
      tx,
      sql`select id, path from org_units where street_id = ${street.id} and kind = 'building'
          and not exists (select 1 from role_bindings rb where rb.org_unit_id = org_units.id and rb.role = 'captain')
          order by id limit ${names.length}`,
    );
    const extra: { id: number; path: string }[] = [];
    for (const [i, name] of names.entries()) {
      const b = buildings[i];
      if (!b) break;
      const phone = `1390000${String(street.id % 100).padStart(2, '0')}${String(i).padStart(2, '0')}`;
      const [u] = await rows<{ id: number }>(
        tx,
        sql`insert into users (name, phone_enc, phone_hash, password_hash, created_at)
            values (${name}, ${cipher.encrypt(phone)}, ${cipher.blindIndex('phone', phone)}, ${opts.passwordHash}, ${clock.now().toISOString()}::timestamptz)
            returning id`,
      );
      await tx.execute(sql`insert into role_bindings (user_id, role, org_unit_id, street_id)
        values (${u!.id}, 'captain', ${b.id}, ${street.id})`);
      extra.push({ id: u!.id, path: b.path });
    }
    const captains = [...demo.map((d) => ({ ...d, isDemo: true })), ...extra.map((e) => ({ ...e, isDemo: false }))];
    await ledger.ensureAccounts(
      tx,
      street.id,
      captains.map((c) => c.id),
    );

    // Months of chores, credited the day they were approved; the demo captain was busiest.
    for (const c of captains) {
      const count = c.isDemo ? 40 : 8 + rnd(12);
      const legs: { at: Date; memo: string; points: number }[] = [];
      for (let k = 0; k < count; k++) {
        const chore = CHORES[rnd(CHORES.length)] as (typeof CHORES)[number];
        legs.push({ at: new Date(nowMs - (count - k) * 2 * DAY - rnd(8) * 3600_000), ...chore });
      }
      if (c.isDemo) legs.push({ at: new Date(nowMs - 3 * DAY), memo: '星级楼长季度奖励', points: 2600 });
      for (const [k, l] of legs.entries()) {
        at = l.at;
        await ledger.post(tx, {
          streetId: street.id,
          kind: l.memo === '星级楼长季度奖励' ? 'honour_bonus' : 'chore_award',
          causeKey: `demo:${c.id}:${k}`,
          memo: l.memo,
          actorUserId: null,
          legs: [
            { ownerKey: ISSUANCE, amount: -l.points },
            { ownerKey: captainKey(c.id), amount: l.points },
          ],
        });
        entries++;
      }
    }

    // Last month's orders, picked up; this month's window, if open, with a few orders placed.
    const place = async (
      c: { id: number; path: string },
      when: Date,
      month: string,
      items: number[],
      pickedUp: boolean,
    ) => {
      at = when;
      const lines = items.map((gi) => {
        const g = goods[gi]!;
        return {
          productId: g.id,
          productName: g.name,
          quantity: 1,
          pointsPrice: g.pointsPrice,
          unitCostYuan: g.unitCostYuan,
        };
      });
      if ((await ledger.balanceOf(tx, street.id, c.id)) < lines.reduce((s, l) => s + l.pointsPrice, 0)) return;
      await mallRepo.takeStock(
        tx,
        street.id,
        lines.map((l) => ({ productId: l.productId, quantity: 1 })),
      );
      const pointsTotal = lines.reduce((s, l) => s + l.pointsPrice, 0);
      const order = await mallRepo.insertOrder(tx, {
        streetId: street.id,
        userId: c.id,
        windowMonth: month,
        path: c.path,
        pointsTotal,
        costTotalYuan: Math.round(lines.reduce((s, l) => s + l.unitCostYuan, 0) * 100) / 100,
        pickupCode: newPickupCode(),
        at: when,
        lines,
        audit: { ip: 'seed', detail: { demo: true } },
      });
      if (!order) return;
      await ledger.debitForRedemption(tx, {
        streetId: street.id,
        userId: c.id,
        points: pointsTotal,
        causeKey: `mall_order:${order.id}`,
        memo: `积分兑换：${lines.map((l) => `${l.productName}×1`).join('、')}`,
      });
      if (pickedUp) {
        await mallRepo.setStatus(tx, order.id, ['placed'], 'picked_up', {
          by: c.id,
          at: new Date(when.getTime() + DAY),
        });
      }
      orders++;
      entries++;
    };
    for (const [i, c] of captains.entries()) {
      if (i % 2 === 1) continue;
      const when = new Date(lastMonth.opensAt.getTime() + (1 + rnd(4)) * 3600_000 + rnd(3) * DAY);
      await place(c, when, lastMonth.month, c.isDemo ? [2, 3] : [rnd(3)], true);
    }
    if (current.isOpen) {
      for (const c of extra.slice(1, 4)) await place(c, clock.now(), current.month, [0, 1], false);
    }
  }
  return { products, entries, orders };
}
