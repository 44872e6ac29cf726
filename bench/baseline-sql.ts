/**
 * The hand-written SQL of the bench's baseline (bench/baseline.ts): for each use case the statements a
 * careful engineer would send, with the same effect as the server (the same rows written, the same
 * answer), in as few round trips as PostgreSQL allows — one data-modifying statement per use case
 * (a single statement is atomic on its own, so it needs no begin/commit). Each one authenticates the
 * caller from the session token (`$1`, the token's hash), as the server does. An Idempotency-Key is
 * stored with the answer in the same statement; a repeated key violates its primary key and the
 * baseline then reads the stored answer (a second trip, on retries only).
 */

const ME = `me as (
  select u.id, u.name, u.phone_enc from sessions s join users u on u.id = s.user_id
   where s.token_hash = $1 and s.revoked_at is null and u.disabled_at is null)`;

/** Report intake: routing lookup, report, follower, event, audit, notifications + SMS outbox, idempotency. */
export const INTAKE = `
with ${ME},
b as (
  select o.id, o.path, o.street_id from org_units o, me
   where o.id = $2 and o.kind = 'building'
     and (exists (select 1 from residents r join households h on h.id = r.household_id
                   where r.user_id = me.id and h.building_id = o.id)
          or exists (select 1 from role_bindings rb join org_units ou on ou.id = rb.org_unit_id
                      where rb.user_id = me.id and rb.role = 'resident' and o.path like ou.path || '%'))),
c as (select id, parent_id from report_categories where id = $3 and is_active),
units as (select u.id, u.kind, u.management, u.depth from b, org_units u
           where u.id = any(string_to_array(trim(both '/' from b.path), '/')::bigint[])),
route as (
  select level, unit from (
    select 1 as level, 0 as pref, u.id as unit from units u where u.kind = 'estate' and u.management = 'managed'
       and exists (select 1 from role_bindings rb where rb.org_unit_id = u.id and rb.role = 'property_window')
    union all select 1, 1, u.id from units u where u.kind = 'building'
       and exists (select 1 from role_bindings rb where rb.org_unit_id = u.id and rb.role = 'captain')
    union all select 2, 0, u.id from units u where u.kind = 'grid'
       and exists (select 1 from role_bindings rb where rb.org_unit_id = u.id and rb.role = 'grid_worker')
    union all select 3, 0, u.id from units u where u.kind = 'community'
    union all select 4, 0, u.id from units u where u.kind = 'street') x
  order by level, pref limit 1),
sla as (
  select coalesce((select s.ack_hours from report_category_slas s, c, route
                    where s.level = route.level and s.category_id in (c.id, c.parent_id)
                    order by (s.category_id = c.id) desc limit 1), 24) as ack_hours),
r as (
  insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                       handler_org_unit_id, version, reporter_user_id, reporter_name, reporter_phone_enc,
                       created_by_user_id, follower_count, level_entered_at, due_at, created_at, updated_at)
  select b.street_id, b.id, b.path, c.id, $4, 'app', 'submitted', route.level, route.level, route.unit, 1,
         me.id, me.name, me.phone_enc, me.id, 1, now(), now() + sla.ack_hours * interval '1 hour', now(), now()
    from me, b, c, route, sla
  returning id, street_id, path, level, handler_org_unit_id, reporter_user_id, description, due_at, created_at),
f as (insert into report_followers (report_id, user_id, street_id, kind, created_at)
      select r.id, r.reporter_user_id, r.street_id, 'reporter', now() from r),
e as (insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level,
                                 handler_org_unit_id, photo_ids, detail, at)
      select r.id, r.street_id, 1, 'submitted', r.reporter_user_id, 'submitted', r.level, r.handler_org_unit_id,
             '{}', '{"channel":"app"}', now() from r
      returning id),
a as (insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
      select r.street_id, r.reporter_user_id, 'report.submitted', 'report', r.id::text, 'ok', $7,
             jsonb_build_object('level', r.level, 'channel', 'app'), now() from r),
rcpt as (
  select distinct rb.user_id from r, role_bindings rb
   where rb.org_unit_id = any(string_to_array(trim(both '/' from r.path), '/')::bigint[])
     and rb.role = any(case r.level when 1 then array['captain','property_window'] when 2 then array['grid_worker']
                                    when 3 then array['community_staff'] else array['street_staff'] end)
     and rb.user_id <> r.reporter_user_id),
n as (insert into notifications (user_id, street_id, kind, title_zh, title_en, body, object_type, object_id, source_key, created_at)
      select rcpt.user_id, r.street_id, 'report.submitted', '新诉求待受理', 'New report to handle', left(r.description, 120),
             'report', r.id, 'report_event:' || e.id, now() from rcpt, r, e),
o as (insert into notification_outbox (channel, user_id, source_key, payload, created_at)
      select 'sms', rcpt.user_id, 'report_event:' || e.id,
             jsonb_build_object('body', left(r.description, 120), 'kind', 'report.submitted', 'title', '新诉求待受理',
                                'objectId', r.id, 'objectType', 'report'), now() from rcpt, r, e),
i as (insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
      select r.reporter_user_id, $5, $6, 200,
             jsonb_build_object('id', r.id, 'status', 'submitted', 'level', r.level, 'description', r.description,
                                'dueAt', r.due_at, 'createdAt', r.created_at), now() from r)
select r.id, r.level, r.due_at as "dueAt", r.created_at as "createdAt" from r`;

/** Chore submission with one photo: ownership, duplicate flags within the street, submission, photo, task, audit. */
export const CHORE_SUBMIT = `
with ${ME},
t as (
  select t.id, t.street_id from chore_tasks t, me
   where t.id = $2 and t.claimed_by_user_id = me.id
     and ((t.status = 'claimed' and t.claim_expires_at > now()) or (t.status = 'rejected' and t.due_at > now()))
     and exists (select 1 from role_bindings rb join org_units o on o.id = rb.org_unit_id
                  where rb.user_id = me.id and rb.role = 'captain' and t.building_path like o.path || '%')),
p as (select p.id, p.phash, p.street_id from photos p, me where p.id = $3 and p.uploader_user_id = me.id),
ph as (select p.id, coalesce(p.street_id, 0) as street_id, ('x' || p.phash)::bit(64)::bigint as h from p),
near as (
  select p.id as photo_id, p.id as similar_id, 0 as distance from p
  union all
  select distinct ph.id, c.photo_id, bit_count((c.hash # ph.h)::bit(64))::int
    from ph cross join generate_series(0, 3) k(band)
    cross join unnest('{${[0, ...Array.from({ length: 16 }, (_, j) => 1 << j)].join(',')}}'::int[]) f(flip)
    cross join lateral (
      select b.photo_id, b.hash from photo_hash_bands b
       where b.street_id = ph.street_id and b.band = k.band
         and b.value = (((ph.h >> (48 - 16 * k.band)) & 65535)::int # f.flip) and b.photo_id < ph.id
      offset 0) c
   where bit_count((c.hash # ph.h)::bit(64)) <= 6),
flags as (
  select coalesce(jsonb_agg(jsonb_build_object('photoId', x.photo_id, 'similarPhotoId', x.similar_id,
                                               'submissionId', s.id, 'taskId', s.task_id, 'distance', x.distance)), '[]') as j
    from near x cross join lateral (
      select s.id, s.task_id from chore_submission_photos sp join chore_submissions s on s.id = sp.submission_id
       where sp.photo_id = x.similar_id and s.task_id <> $2
      offset 0) s),
moved as (update chore_tasks k set status = 'submitted', claim_expires_at = null from t, p where k.id = t.id returning k.id),
s as (insert into chore_submissions (street_id, task_id, submitter_user_id, note, done_at, status, duplicate_flags, created_at)
      select t.street_id, t.id, me.id, $4, now(), 'pending', flags.j, now() from t, me, flags, moved
      returning id, street_id, task_id, submitter_user_id, note, done_at, duplicate_flags),
sp as (insert into chore_submission_photos (submission_id, photo_id, kind, position, street_id)
       select s.id, $3, 'other', 0, s.street_id from s),
a as (insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
      select s.street_id, s.submitter_user_id, 'chore_submission.create', 'chore_submission', s.id::text, 'ok', $7,
             jsonb_build_object('taskId', s.task_id, 'photos', 1, 'duplicates', jsonb_array_length(s.duplicate_flags)), now() from s),
i as (insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
      select s.submitter_user_id, $5, $6, 200,
             jsonb_build_object('id', s.id, 'taskId', s.task_id, 'status', 'pending', 'note', s.note, 'doneAt', s.done_at,
                                'duplicateFlags', s.duplicate_flags), now() from s)
select s.id, s.task_id as "taskId", 'pending' as status, s.duplicate_flags as "duplicateFlags" from s`;

/**
 * Approval: the reviewer's scope, the submission locked and marked, the task, the ledger credit (accounts
 * made on first use, entry + two postings), the entry linked, notification + SMS outbox, audit, idempotency.
 */
export const CHORE_APPROVE = `
with ${ME},
ok as (
  select cs.id, cs.street_id, cs.task_id, cs.submitter_user_id, tp.points, tp.name || ' · ' || b.name as memo, me.id as reviewer
    from chore_submissions cs join chore_tasks t on t.id = cs.task_id join chore_templates tp on tp.id = t.template_id
    join org_units b on b.id = t.building_id, me
   where cs.id = $2 and cs.status = 'pending' and cs.submitter_user_id <> me.id
     and exists (select 1 from role_bindings rb join org_units o on o.id = rb.org_unit_id
                  where rb.user_id = me.id and rb.role in ('street_staff', 'community_staff') and t.building_path like o.path || '%')
   for update of cs),
made as (insert into point_accounts (street_id, kind, owner_key, user_id, created_at)
         select ok.street_id, 'captain', 'captain:' || ok.submitter_user_id, ok.submitter_user_id, now() from ok
         union all select ok.street_id, 'issuance', 'issuance', null, now() from ok
         on conflict (street_id, owner_key) do nothing returning id, owner_key),
acc as (select id, owner_key from made
        union all select a.id, a.owner_key from ok cross join lateral (
          select id, owner_key from point_accounts a
           where a.street_id = ok.street_id and a.owner_key in ('issuance', 'captain:' || ok.submitter_user_id)
          offset 0) a),
e as (insert into point_entries (street_id, kind, cause_key, memo, actor_user_id, created_at)
      select ok.street_id, 'chore_award', 'chore_submission:' || ok.id, ok.memo, ok.reviewer, now() from ok
      returning id),
pp as (insert into point_postings (entry_id, street_id, account_id, amount, created_at)
       select e.id, ok.street_id, acc.id, case when acc.owner_key = 'issuance' then -ok.points else ok.points end, now()
         from e, ok, acc),
m as (update chore_submissions cs set status = 'approved', reviewer_user_id = ok.reviewer, reviewed_at = now(),
                                     ledger_entry_id = e.id
        from ok, e where cs.id = ok.id returning cs.id),
k as (update chore_tasks k set status = 'approved', claim_expires_at = null from ok
       where k.id = ok.task_id and k.status = 'submitted'),
n as (insert into notifications (user_id, street_id, kind, title_zh, title_en, body, object_type, object_id, source_key, created_at)
      select ok.submitter_user_id, ok.street_id, 'chore_approved', '任务已通过，获得 ' || ok.points || ' 积分',
             'Chore approved: +' || ok.points || ' points', ok.memo, 'chore_submission', ok.id,
             'chore_submission:' || ok.id || ':approve', now() from ok),
o as (insert into notification_outbox (channel, user_id, source_key, payload, created_at)
      select 'sms', ok.submitter_user_id, 'chore_submission:' || ok.id || ':approve',
             jsonb_build_object('body', ok.memo, 'kind', 'chore_approved', 'title', '任务已通过，获得 ' || ok.points || ' 积分',
                                'objectId', ok.id, 'objectType', 'chore_submission'), now() from ok),
a as (insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
      select ok.street_id, ok.reviewer, 'chore_submission.approve', 'chore_submission', ok.id::text, 'ok', $5,
             jsonb_build_object('points', ok.points, 'ledgerEntryId', e.id), now() from ok, e),
i as (insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
      select ok.reviewer, $3, $4, 200, jsonb_build_object('id', ok.id, 'status', 'approved', 'points', ok.points), now()
        from ok, m)
select ok.id, 'approved' as status, ok.points from ok, m`;

/** A street's figures: total, by level, by top category (with its names) and by day, in one scan. */
export const FIGURES = `
with ${ME},
unit as (
  select o.path from org_units o, me where o.id = $2
     and exists (select 1 from role_bindings rb join org_units s on s.id = rb.org_unit_id
                  where rb.user_id = me.id and rb.role in ('grid_worker', 'street_staff', 'community_staff', 'admin')
                    and (o.path like s.path || '%' or s.path like o.path || '%'))),
g as (
  select grouping(r.level, coalesce(c.parent_id, c.id), to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as g,
         r.level, coalesce(c.parent_id, c.id) as category,
         to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
         count(*)::int as received, count(r.first_answered_at)::int as answered,
         count(*) filter (where r.resolved_at is not null and r.status in ('resolved','closed'))::int as resolved,
         avg(extract(epoch from (r.first_answered_at - r.created_at)) / 3600)::float8 as first_answer_hours,
         avg(extract(epoch from (r.resolved_at - r.created_at)) / 3600)
           filter (where r.resolved_at is not null and r.status in ('resolved','closed'))::float8 as resolution_hours,
         avg(r.rating)::float8 as avg_rating, count(r.rating)::int as rated,
         count(*) filter (where r.resolved_at is not null and r.status in ('resolved','closed') and r.peak_level <= 3)::int
           as resolved_within_community,
         count(*) filter (where r.peak_level > 3)::int as escalated_beyond_community
    from unit, reports r join report_categories c on c.id = r.category_id
   where r.path like unit.path || '%' and r.status <> 'merged'
   group by grouping sets ((), (r.level), (coalesce(c.parent_id, c.id)),
                           (to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'))))
select g.*, k.name_zh, k.name_en from g left join report_categories k on k.id = g.category
 order by g.g, g.level, g.category, g.day`;

/**
 * Mall order (the redemption rush): the caller and the street's open window, the stock taken by a
 * conditional update (never below zero), the order with its line and audit row, the ledger entry with
 * its two postings (captain −points, the street's mall sink +points; the balances move in the ledger's
 * trigger, whose check refuses a negative balance: 23514), and the answer under the Idempotency-Key.
 * One statement, so a refusal anywhere undoes the stock taken. A second order in the window violates
 * the one-order-per-window index (23505), as does a repeated key's answer; the baseline then reads the
 * key's stored answer (a retry racing its first try) or answers ORDER_LIMIT_REACHED. A key already
 * answered is found first (`prior`): nothing is written and its stored answer is returned, as the server
 * replays it. No row: not signed in or the window is closed; a row without an order or prior: sold out.
 *   $1 token hash, $2 street, $3 product, $4 quantity, $5 building path, $6 pickup code, $7 items (json),
 *   $8 Idempotency-Key (or null), $9 its request hash.
 */
export const REDEEM = `
with me as (
  select u.id from sessions s join users u on u.id = s.user_id join mall_settings m on m.street_id = $2
   where s.token_hash = $1 and s.revoked_at is null and u.disabled_at is null
     and extract(day from now() at time zone 'Asia/Shanghai') between m.window_start_day and m.window_end_day),
prior as (
  select k.request_hash, k.response from idempotency_keys k, me where k.user_id = me.id and k.key = $8::text),
t as (
  update mall_products p set stock = p.stock - $4::int
    from me
   where not exists (select 1 from prior)
     and p.id = $3::bigint and p.street_id = $2 and p.is_active and p.stock >= $4::int
     and (p.per_person_limit is null or $4::int <= p.per_person_limit)
  returning p.id, p.name, p.points_price, p.unit_cost_yuan),
o as (
  insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code,
                           created_at)
  select $2, me.id, to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM'), $5, 'placed', t.points_price * $4::int,
         t.unit_cost_yuan * $4::int, $6, now()
    from me, t
  returning id, user_id, points_total),
l as (
  insert into mall_order_lines (order_id, street_id, product_id, product_name, quantity, points_price, unit_cost_yuan)
  select o.id, $2, t.id, t.name, $4::int, t.points_price, t.unit_cost_yuan from o, t),
a as (
  insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
  select $2, o.user_id, 'mall.order.place', 'mall_order', o.id::text, 'ok', '127.0.0.1',
         jsonb_build_object('items', $7::jsonb, 'pointsTotal', o.points_total), now() from o),
e as (
  insert into point_entries (street_id, kind, cause_key, memo, actor_user_id, reverses_entry_id, created_at)
  select $2, 'redemption', 'mall_order:' || o.id, '积分兑换：' || t.name || '×' || $4::int, o.user_id, null, now()
    from o, t
  returning id),
pp as (
  insert into point_postings (entry_id, street_id, account_id, amount, created_at)
  select e.id, $2, acc.id, x.amount, now()
    from e, o,
         lateral (values ('captain:' || o.user_id, -o.points_total), ('mall_sink', o.points_total)) as x(owner_key, amount)
    join point_accounts acc on acc.street_id = $2 and acc.owner_key = x.owner_key),
v as (
  select o.id, $2::bigint as "streetId", o.user_id as "userId", o.points_total as "pointsTotal", $6::text as "pickupCode",
         $7::jsonb as items
    from o),
k as (
  insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
  select v."userId", $8, $9, 201, to_jsonb(v), now() from v where $8::text is not null)
select me.id as "userId", v.id, v."streetId", v."pointsTotal", v."pickupCode", v.items,
       (select request_hash from prior) as "priorHash", (select response from prior) as prior
  from me left join v on true`;
