import { CAPTAIN_DUTIES, CAPTAIN_TAGS } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { periodOf } from '../modules/honours/honour-period';
import * as scoring from '../modules/honours/honour-scoring.repository';
import * as tallies from '../modules/honours/honour-tallies.repository';
import * as honoursRepo from '../modules/honours/honours.repository';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';
import { GIVEN_CHARS, SURNAMES } from './demo-names';
import { Rng } from './rng';

const DAY = 86_400_000;
/** Kaiping's drive as the article tells it: 120 applied, 50 chosen. */
export const DEMO_APPLIED = 120;
export const DEMO_CHOSEN = 50;

/**
 * Captains' life in the demo (docs/rules.md#captains, #honours): a record for every seeded captain (tags
 * and 五大员 duties), 三埠街道's closed recruitment drive with 120 applications, all vetted and 50 chosen —
 * left for staff to register to buildings in the console — and a draft of 三埠街道's star captains of the
 * last ended quarter, for staff to review and publish (then on the boards and in the captains' phones).
 */
export async function loadDemoCaptains(
  tx: Db,
  cipher: PiiCipher,
  now: Date,
  opts: { passwordHash: string },
): Promise<void> {
  const rng = new Rng(20261203);
  const at = now.toISOString();

  // A record for every captain already bound.
  const captains = await rows<{ userId: number; streetId: number }>(
    tx,
    sql`select rb.user_id as "userId", min(rb.street_id) as "streetId" from role_bindings rb
         where rb.role = 'captain' and rb.street_id is not null group by rb.user_id order by rb.user_id`,
  );
  for (const c of captains) {
    const tags = rng.shuffle(CAPTAIN_TAGS).slice(0, rng.int(1, 2));
    const duties = rng.shuffle(CAPTAIN_DUTIES).slice(0, rng.int(1, 3));
    await tx.execute(sql`
      insert into captain_profiles (user_id, street_id, tags, duties, status, status_at, created_at)
      values (${c.userId}, ${c.streetId}, array[${sql.join(
        tags.map((x) => sql`${x}`),
        sql`, `,
      )}]::text[], array[${sql.join(
        duties.map((x) => sql`${x}`),
        sql`, `,
      )}]::text[], 'active', ${at}::timestamptz, ${at}::timestamptz)
      on conflict (user_id) do nothing`);
    await tx.execute(sql`insert into captain_events (street_id, user_id, kind, reason, at)
      values (${c.streetId}, ${c.userId}, 'created', '演示数据', ${at}::timestamptz)`);
  }

  const [sanbu] = await rows<{ id: number; path: string; staff: number | null }>(
    tx,
    sql`select s.id, s.path,
          (select user_id from role_bindings where role = 'street_staff' and org_unit_id = s.id order by user_id limit 1) as staff
          from org_units s where s.kind = 'street' and s.name = '三埠街道'`,
  );
  if (!sanbu?.staff) return;

  // The drive: closed a fortnight ago, for uncovered buildings of the street.
  const wanted = await rows<{ id: number }>(
    tx,
    sql`select id from org_units b where b.street_id = ${sanbu.id} and b.kind = 'building'
          and not exists (select 1 from role_bindings rb where rb.org_unit_id = b.id and rb.role = 'captain')
          order by id limit ${DEMO_CHOSEN}`,
  );
  const deadline = new Date(now.getTime() - 14 * DAY).toISOString().slice(0, 10);
  const [drive] = await rows<{ id: number }>(
    tx,
    sql`insert into recruitment_drives (street_id, org_unit_id, path, title, area, building_ids, requirements, places, deadline, created_by, created_at)
        values (${sanbu.id}, ${sanbu.id}, ${sanbu.path}, '三埠街道2026年志愿楼长招募', '三埠街道开放式楼栋、无物业小区',
                array[${sql.join(
                  wanted.map((w) => sql`${w.id}`),
                  sql`, `,
                )}]::bigint[],
                '热心公益、身体健康、常住本楼；党员、退役军人、离退休干部优先；能使用智能手机。',
                ${DEMO_CHOSEN}, ${deadline}::date, ${sanbu.staff}, ${new Date(now.getTime() - 45 * DAY).toISOString()}::timestamptz)
        returning id`,
  );
  const order = rng.shuffle(Array.from({ length: DEMO_APPLIED }, (_, i) => i));
  const chosen = new Set(order.slice(0, DEMO_CHOSEN));
  for (let i = 0; i < DEMO_APPLIED; i++) {
    const female = rng.chance(0.5);
    const chars = GIVEN_CHARS[female ? 'F' : 'M'][rng.pick(['old', 'mid'] as const)];
    const name = `${rng.weighted(SURNAMES)}${rng.pick([...chars])}${rng.chance(0.6) ? rng.pick([...chars]) : ''}`;
    const phone = `1390001${String(i).padStart(4, '0')}`;
    const [u] = await rows<{ id: number }>(
      tx,
      sql`insert into users (name, phone_enc, phone_hash, password_hash, created_at)
          values (${name}, ${cipher.encrypt(phone)}, ${cipher.blindIndex('phone', phone)}, ${opts.passwordHash}, ${at}::timestamptz)
          on conflict (phone_hash) do nothing returning id`,
    );
    if (!u) continue;
    const isChosen = chosen.has(i);
    const score = isChosen ? rng.int(80, 98) : rng.int(50, 79);
    const nominated = i % 6 === 5;
    await tx.execute(sql`
      insert into recruitment_applications (drive_id, street_id, kind, name, phone_enc, phone_hash, applicant_user_id,
        statement, building_id, status, consented_at, vet_note, interviewed_on, score, decided_by, created_at, updated_at)
      values (${drive?.id}, ${sanbu.id}, ${nominated ? 'nominated' : 'self'}, ${name}, ${cipher.encrypt(phone)},
        ${cipher.blindIndex('phone', phone)}, ${u.id},
        ${nominated ? '邻居推选：热心肠，常帮老人买菜' : '退休在家，常住本楼，愿意为邻居服务'},
        ${isChosen ? (wanted[order.indexOf(i) % Math.max(1, wanted.length)]?.id ?? null) : null},
        ${isChosen ? 'chosen' : 'vetted'}, ${at}::timestamptz, ${isChosen ? '面谈表现好，群众基础好' : '面谈一般'},
        ${new Date(now.getTime() - 10 * DAY).toISOString().slice(0, 10)}::date, ${score}, ${sanbu.staff},
        ${new Date(now.getTime() - rng.int(15, 40) * DAY).toISOString()}::timestamptz, ${at}::timestamptz)`);
  }

  // The star captains of the last ended quarter, drafted (no bonus: the ledger history stays as seeded).
  const q = Math.floor(new Date(now.getTime() + 8 * 3_600_000).getUTCMonth() / 3); // this quarter, 0-based, Shanghai
  const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
  const period = q === 0 ? `${year - 1}-Q4` : `${year}-Q${q}`;
  const p = periodOf('star', period);
  await honoursRepo.insertRound(tx, {
    streetId: sanbu.id,
    kind: 'star',
    period,
    start: p.start,
    end: p.end,
    quotaPercent: 30,
    bonusPoints: 0,
    draftedBy: sanbu.staff,
    at: now,
  });
  const round = await honoursRepo.findRoundByPeriod(tx, sanbu.id, 'star', period);
  if (!round) return;
  // The demo's ledger and ratings were written behind the services' back: the honours' tallies from them.
  await tallies.rebuildTallies(tx);
  const settings = { minActivity: 1, priorWeight: 10, pointsPerStar: 20 };
  const figures = await scoring.scoreRound(tx, {
    roundId: round.id,
    streetId: sanbu.id,
    startDay: p.startDay,
    endDay: p.endDay,
    quotaPercent: 30,
    ...settings,
  });
  await scoring.finishRound(tx, round.id, { ...figures, ...settings });
}
