import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { households, orgUnits, residents } from '../db/schema';
import { insertBindings, insertUser } from '../modules/auth/auth.repository';
import { hashPassword } from '../modules/auth/auth.service';
import { insertClient } from '../modules/open311/open311.repository';
import { DEMO_OPEN311_KEY, hashApiKey } from '../modules/open311/open311-keys';
import type { Clock } from '../platform/clock';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows, transaction } from '../platform/db';
import { loadDemoCaptains } from './demo-captains';
import { loadDemoCare } from './demo-care';
import { buildDemoData, DEMO_PASSWORD, type DemoData, type DemoUser } from './demo-data';
import { loadDemoNotices } from './demo-notices';
import { loadDemoReports } from './demo-reports';
import { loadPointsAndMall } from './points-mall';

/** True when the database holds no org units yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from org_units`);
  return (r?.n ?? 0) === 0;
}

/** The password of every demo account and the demo Open311 key. */
export interface DemoSecrets {
  password: string;
  open311Key: string;
  /** True for the well-known ones printed in the README; never used in production. */
  shared: boolean;
}

/**
 * The README's password and key for a demo on a laptop; in production (where demo data loads only when
 * asked explicitly) fresh random ones, printed once, so no well-known password ever reaches a city's server.
 */
export function demoSecretsFor(env: 'development' | 'production' | 'test'): DemoSecrets {
  if (env !== 'production') return { password: DEMO_PASSWORD, open311Key: DEMO_OPEN311_KEY, shared: true };
  return {
    password: randomBytes(12).toString('base64url'),
    open311Key: randomBytes(24).toString('base64url'),
    shared: false,
  };
}

/**
 * Writes the demo data set in one transaction: org tree, households and residents (personal data
 * encrypted like any other), demo accounts with their role bindings.
 */
export async function loadDemo(
  db: Db,
  cipher: PiiCipher,
  clock: Clock,
  data: DemoData = buildDemoData(),
  secrets: DemoSecrets = demoSecretsFor('development'),
): Promise<{ users: DemoUser[]; orgUnits: number; households: number; residents: number }> {
  const passwordOf = (u: DemoUser) => (u.password === DEMO_PASSWORD ? secrets.password : u.password);
  const passwordHashes = new Map<string, string>();
  for (const u of data.users) {
    const password = passwordOf(u);
    if (!passwordHashes.has(password)) passwordHashes.set(password, await hashPassword(password));
  }
  let residentCount = 0;
  await transaction(db, async (tx) => {
    const idOf = new Map<string, { id: number; path: string; streetId: number | null; depth: number }>();
    const [seq] = await rows<{ id: number }>(
      tx,
      sql`select setval('org_units_id_seq', coalesce((select max(id) from org_units), 0) + ${data.orgUnits.length}) as id`,
    );
    let nextId = (seq?.id ?? data.orgUnits.length) - data.orgUnits.length;
    const orgRows = data.orgUnits.map((u) => {
      const id = ++nextId;
      const parent = u.parentKey ? idOf.get(u.parentKey) : undefined;
      if (u.parentKey && !parent) throw new Error(`demo org unit ${u.key} comes before its parent ${u.parentKey}`);
      const path = `${parent?.path ?? '/'}${id}/`;
      const streetId = u.kind === 'street' ? id : (parent?.streetId ?? null);
      const depth = parent ? parent.depth + 1 : 0;
      idOf.set(u.key, { id, path, streetId, depth });
      return {
        id,
        parentId: parent?.id ?? null,
        streetId,
        kind: u.kind,
        name: u.name,
        path,
        depth,
        management: u.management ?? null,
        address: u.address ?? null,
      };
    });
    for (let i = 0; i < orgRows.length; i += 500) {
      await tx
        .insert(orgUnits)
        .overridingSystemValue()
        .values(orgRows.slice(i, i + 500));
    }

    const userIdOf = new Map<string, number>();
    for (const u of data.users) {
      const userId = await insertUser(tx, {
        name: u.name,
        phoneEnc: cipher.encrypt(u.phone),
        phoneHash: cipher.blindIndex('phone', u.phone),
        passwordHash: passwordHashes.get(passwordOf(u)) as string,
        createdAt: clock.now(),
      });
      userIdOf.set(u.phone, userId);
      await insertBindings(
        tx,
        userId,
        u.roles.map((r) => {
          const unit = idOf.get(r.orgKey);
          if (!unit) throw new Error(`demo user ${u.key} bound to unknown ${r.orgKey}`);
          return { role: r.role, orgUnitId: unit.id, streetId: unit.streetId };
        }),
      );
    }

    // Another system filing reports through Open311 for 三埠街道 (README: demo Open311 key).
    const sanbu = idOf.get('street:sanbu');
    if (sanbu) {
      await insertClient(tx, {
        streetId: sanbu.id,
        name: '开平市12345热线平台（演示）',
        keyHash: hashApiKey(secrets.open311Key),
        createdAt: clock.now(),
      });
    }

    const batch: (typeof residents.$inferInsert)[] = [];
    for (const h of data.households) {
      const b = idOf.get(h.buildingKey);
      if (!b || b.streetId === null) throw new Error(`demo household ${h.key} in unknown building ${h.buildingKey}`);
      const [row] = await tx
        .insert(households)
        .values({
          streetId: b.streetId,
          buildingId: b.id,
          path: b.path,
          unitLabel: h.unitLabel,
          floor: h.floor,
          room: h.room,
          floorArea: h.floorArea,
          isOwner: h.isOwner,
        })
        .returning({ id: households.id });
      for (const m of h.members) {
        batch.push({
          streetId: b.streetId,
          householdId: row?.id as number,
          name: m.name,
          gender: m.gender,
          birthYear: m.birthYear,
          relation: m.relation,
          phoneEnc: cipher.encryptOptional(m.phone),
          phoneHash: m.phone ? cipher.blindIndex('phone', m.phone) : null,
          idNumberEnc: cipher.encryptOptional(m.idNumber),
          idNumberHash: m.idNumber ? cipher.blindIndex('id', m.idNumber) : null,
          careTagsEnc: m.careTags.length ? cipher.encrypt(JSON.stringify(m.careTags)) : null,
          careTagHashes: m.careTags.map((t) => cipher.blindIndex('tag', t)),
          userId: m.phone ? (userIdOf.get(m.phone) ?? null) : null,
        });
      }
      if (batch.length >= 1000) {
        residentCount += batch.length;
        await tx.insert(residents).values(batch.splice(0));
      }
    }
    if (batch.length) {
      residentCount += batch.length;
      await tx.insert(residents).values(batch);
    }
    await loadDemoReports(tx, clock.now());
    await loadDemoCare(tx, cipher, clock.now());
    await loadDemoNotices(tx, clock.now());
    await loadPointsAndMall(tx, cipher, clock, {
      passwordHash: passwordHashes.values().next().value as string,
      demoCaptainPhones: data.users.filter((u) => u.roles.some((r) => r.role === 'captain')).map((u) => u.phone),
    });
    await loadDemoCaptains(tx, cipher, clock.now(), {
      passwordHash: passwordHashes.values().next().value as string,
    });
  });
  await db.execute(sql`analyze`);
  return {
    users: data.users,
    orgUnits: data.orgUnits.length,
    households: data.households.length,
    residents: residentCount,
  };
}
