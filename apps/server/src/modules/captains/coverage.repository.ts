import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface BuildingRow {
  id: number;
  name: string;
  streetId: number;
  streetName: string;
  communityId: number | null;
  communityName: string | null;
  estateName: string | null;
  management: string | null;
  activeCaptains: number[];
}

/** Every building in `scope` with its street, community, estate, management and active captains. */
export function buildingsWithCaptains(db: Db, scope: Scope): Promise<BuildingRow[]> {
  return rows<BuildingRow>(
    db,
    sql`select b.id, b.name, b.street_id as "streetId", s.name as "streetName",
                 c.id as "communityId", c.name as "communityName", e.name as "estateName",
                 coalesce(b.management, e.management) as management,
                 coalesce((select array_agg(distinct rb.user_id order by rb.user_id)
                             from role_bindings rb
                             join users u on u.id = rb.user_id and u.disabled_at is null
                             left join captain_profiles p on p.user_id = rb.user_id
                            where rb.org_unit_id = b.id and rb.role = 'captain'
                              and coalesce(p.status, 'active') = 'active'), '{}') as "activeCaptains"
            from org_units b
            join org_units s on s.id = b.street_id
            left join org_units e on e.id = b.parent_id and e.kind = 'estate'
            left join lateral (
              select c.id, c.name from org_units c
               where c.kind = 'community' and b.path like c.path || '%' limit 1
            ) c on true
           where b.kind = 'building' and ${scope.where(sql`b.path`)}
           order by b.id
           limit 100000`,
  );
}
