import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface CaptainRow {
  id: number;
  name: string;
  phoneEnc: string;
  /** The street of the captain's first building: where their points account is. */
  streetId: number;
  buildings: { id: number; name: string }[];
}

/** Users holding a captain binding on a unit in `scope` (and under `underPath`), by user id. */
export async function captainsInScope(
  db: Db,
  scope: Scope,
  f: { underPath?: string | undefined; afterId?: number | undefined; limit: number },
): Promise<CaptainRow[]> {
  return rows<CaptainRow>(
    db,
    sql`select u.id, u.name, u.phone_enc as "phoneEnc", min(o.street_id) as "streetId",
               json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name, o.id) as buildings
          from role_bindings rb
          join users u on u.id = rb.user_id
          join org_units o on o.id = rb.org_unit_id
         where rb.role = 'captain' and u.disabled_at is null
           and ${scope.where(sql`o.path`)}
           ${f.underPath ? sql`and o.path like ${`${f.underPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql``}
           ${f.afterId ? sql`and u.id > ${f.afterId}` : sql``}
         group by u.id, u.name, u.phone_enc
         order by u.id
         limit ${f.limit}`,
  );
}

export async function findUnit(db: Db, scope: Scope, id: number) {
  const [row] = await rows<{ id: number; path: string }>(
    db,
    sql`select id, path from org_units o where id = ${id} and ${scope.where(sql`o.path`)}`,
  );
  return row;
}
