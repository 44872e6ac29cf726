import type { CaptainSort } from '@louzhang/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface CaptainRow {
  id: number;
  name: string;
  phoneEnc: string;
  /** The street of the captain's first building: where their points account is. */
  streetId: number;
  /** The record's status; 'active' for a captain without a record yet. */
  status: 'active' | 'suspended' | 'exited';
  buildings: { id: number; name: string }[];
}

/** What the roll is narrowed to: a subtree, a status, and what the search box asked for. */
export interface CaptainFilter {
  underPath?: string | undefined;
  status?: 'active' | 'suspended' | undefined;
  /** A mobile number's blind index (users.phone_hash), or text found in the captain's or a building's name. */
  search?: { phoneHash: string } | { text: string } | undefined;
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The captains of `scope` the filter shows, one row per captain (their buildings in scope aggregated). */
function rollQuery(scope: Scope, f: CaptainFilter, extra: { after?: SQL | undefined; tail: SQL }): SQL {
  const s = f.search;
  return sql`select u.id, u.name, u.phone_enc as "phoneEnc", min(o.street_id) as "streetId",
                    coalesce(cp.status, 'active') as status,
                    json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name, o.id) as buildings
               from role_bindings rb
               join users u on u.id = rb.user_id
               join org_units o on o.id = rb.org_unit_id
               left join captain_profiles cp on cp.user_id = u.id
              where rb.role = 'captain' and u.disabled_at is null
                and ${scope.where(sql`o.path`)}
                ${f.underPath ? sql`and o.path like ${`${f.underPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql``}
                ${f.status ? sql`and coalesce(cp.status, 'active') = ${f.status}` : sql``}
                ${s && 'phoneHash' in s ? sql`and u.phone_hash = ${s.phoneHash}` : sql``}
                ${extra.after ? sql`and ${extra.after}` : sql``}
              group by u.id, u.name, u.phone_enc, cp.status
              ${s && 'text' in s ? sql`having (u.name ilike ${likeOf(s.text)} or bool_or(o.name ilike ${likeOf(s.text)}))` : sql``}
              ${extra.tail}`;
}

/** Names compare by code point (collate "C"): the same order on every server, whatever its locale. */
const byName = sql`u.name collate "C"`;

function sortSql(sort: CaptainSort, afterId: number | undefined): { order: SQL; after?: SQL } {
  if (sort === 'newest') return { order: sql`order by u.id desc`, after: afterId ? sql`u.id < ${afterId}` : undefined };
  if (sort === 'oldest') return { order: sql`order by u.id`, after: afterId ? sql`u.id > ${afterId}` : undefined };
  // By name: the cursor holds the last captain's account; their name is read back here.
  return {
    order: sql`order by ${byName}, u.id`,
    after: afterId
      ? sql`(${byName}, u.id) > (select a.name collate "C", a.id from users a where a.id = ${afterId})`
      : undefined,
  };
}

/** One page of the roll in `sort` order, after the captain `afterId` (the cursor's last row). */
export async function captainsInScope(
  db: Db,
  scope: Scope,
  f: CaptainFilter,
  sort: CaptainSort,
  afterId: number | undefined,
  limit: number,
): Promise<CaptainRow[]> {
  const s = sortSql(sort, afterId);
  return rows<CaptainRow>(db, rollQuery(scope, f, { after: s.after, tail: sql`${s.order} limit ${limit}` }));
}

/** How many captains the filter shows, counting no further than `cap + 1`. */
export async function countInScope(db: Db, scope: Scope, f: CaptainFilter, cap: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (${rollQuery(scope, f, { tail: sql`limit ${cap + 1}` })}) s`,
  );
  return Number(r?.n ?? 0);
}

export async function findUnit(db: Db, scope: Scope, id: number) {
  const [row] = await rows<{ id: number; path: string }>(
    db,
    sql`select id, path from org_units o where id = ${id} and ${scope.where(sql`o.path`)}`,
  );
  return row;
}
