import type pg from 'pg';

/*
 * The bench's invariants, straight from the tables (results JSON and exit code): a broken one fails the
 * run whatever the throughput.
 */

const count = async (pool: pg.Pool, text: string, params: unknown[] = []) =>
  Number((await pool.query(text, params)).rows[0]?.n ?? 0);

/**
 * One round of the rush on `st`'s street: products sold past their stock (or stock that does not add up
 * with what was sold), captains with two live orders in a window, and the units sold.
 */
export async function rushRoundInvariants(
  pool: pg.Pool,
  st: { streetId: number; initial: Map<number, number> },
): Promise<{ oversell: number; doubleOrders: number; sold: number }> {
  const initial = JSON.stringify(Object.fromEntries(st.initial));
  const oversell = await count(
    pool,
    `select count(*) as n from mall_products p
     left join (select l.product_id, sum(l.quantity) as sold from mall_order_lines l join mall_orders o on o.id = l.order_id
                where o.status <> 'cancelled' group by l.product_id) s on s.product_id = p.id
     where p.street_id = $2 and (p.stock < 0 or p.stock + coalesce(s.sold, 0) <> ($1::jsonb ->> p.id::text)::int)`,
    [initial, st.streetId],
  );
  const doubleOrders = await count(
    pool,
    `select count(*) as n from (select 1 from mall_orders where status <> 'cancelled'
     group by street_id, window_month, user_id having count(*) > 1) x`,
  );
  const sold = await count(
    pool,
    `select coalesce(sum(l.quantity), 0) as n from mall_order_lines l join mall_orders o on o.id = l.order_id
     where o.status <> 'cancelled' and o.street_id = $1`,
    [st.streetId],
  );
  return { oversell, doubleOrders, sold };
}

/**
 * The ledger after every scenario: negative balances, credits not made exactly once (each order debited
 * once; each approved chore submission credited once, and nothing else), acknowledged chore submissions and
 * approvals missing (`acks`: the 201s and 200s the load counted), and balances or entries that do not add up.
 */
export async function ledgerInvariants(
  pool: pg.Pool,
  acks: { submitted: number; approved: number },
): Promise<{
  negative_balances: number;
  duplicate_credits: number;
  chore_lost_acks: number;
  ledger_mismatches: number;
}> {
  const negative_balances = await count(
    pool,
    `select count(*) as n from point_accounts where kind <> 'issuance' and balance < 0`,
  );
  const duplicate_credits =
    (await count(
      pool,
      `select count(*) as n from (
         select o.id from mall_orders o left join point_entries e on e.street_id = o.street_id and e.cause_key = 'mall_order:' || o.id
         group by o.id having count(e.id) <> 1) x`,
    )) +
    (await count(
      pool,
      `select count(*) as n from (
         select s.id from chore_submissions s
         left join point_entries e on e.street_id = s.street_id and e.cause_key = 'chore_submission:' || s.id
         group by s.id, s.status, s.ledger_entry_id
         having count(e.id) <> (case when s.status = 'approved' then 1 else 0 end)
             or (s.status = 'approved' and s.ledger_entry_id is distinct from min(e.id))) x`,
    ));
  const chores = (
    await pool.query<{ submitted: string; approved: string }>(
      // The bench never rejects: rejected submissions are the seeded history.
      `select count(*) as submitted, count(*) filter (where status = 'approved') as approved
         from chore_submissions where status <> 'rejected'`,
    )
  ).rows[0];
  const chore_lost_acks =
    Math.abs(Number(chores?.submitted) - acks.submitted) + Math.abs(Number(chores?.approved) - acks.approved);
  const ledger_mismatches =
    (await count(
      pool,
      `select count(*) as n from point_accounts a
       where a.kind = 'captain' and a.balance <> coalesce((select sum(p.amount) from point_postings p where p.account_id = a.id), 0)`,
    )) +
    (await count(
      pool,
      `select count(*) as n from (select entry_id from point_postings group by entry_id having sum(amount) <> 0) x`,
    ));
  return { negative_balances, duplicate_credits, chore_lost_acks, ledger_mismatches };
}
