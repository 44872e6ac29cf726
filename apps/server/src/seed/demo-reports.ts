import { cutText } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { notifications, reportEvents, reportFollowers, reports } from '../db/schema';
import { type Db, rows } from '../platform/db';
import { forcedReports, reportContext, setDefaultDepartments, weightedBuildings } from './demo-reports-context';
import {
  ANSWERS,
  CATEGORY_WEIGHTS,
  CHANNELS,
  CHANNELS_APP,
  DESCRIPTIONS,
  ESCALATIONS,
  GENERIC_DONE,
  LOCATIONS,
  OPEN_LEVELS,
  OPEN_STAGES,
  PEAK_LEVELS,
  RATINGS,
  RESOLUTIONS,
  THANKS,
  TITLES,
} from './demo-reports-text';
import { Rng } from './rng';

/**
 * A few hundred plausible residents' reports on top of the demo tree (docs/rules.md#reports), at every level
 * and in every state, so inboxes, lists and dashboards have something to show. Deterministic for a
 * seed; times are relative to `now`. Written with bulk inserts, in the caller's transaction. What the reports are
 * laid on is read in demo-reports-context.ts; their weights and wording are in demo-reports-text.ts.
 */
export async function loadDemoReports(tx: Db, now: Date, opts: { count?: number; seed?: number } = {}) {
  const rng = new Rng(opts.seed ?? 20240926);
  const count = opts.count ?? 400;
  const ctx = await reportContext(tx);
  await setDefaultDepartments(tx, ctx.departments);
  const pickBuilding = weightedBuildings(ctx);

  const reportRows: (typeof reports.$inferInsert & { id: number })[] = [];
  const eventRows: (typeof reportEvents.$inferInsert)[] = [];
  const followerRows: (typeof reportFollowers.$inferInsert)[] = [];
  const notes: (typeof notifications.$inferInsert)[] = [];
  const [seq] = await rows<{ id: number }>(
    tx,
    sql`select setval('reports_id_seq', coalesce((select max(id) from reports), 0) + ${count}) as id`,
  );
  let nextId = Number(seq?.id ?? count) - count;

  // First, open reports waiting for each demo account that handles some level, so every inbox has work.
  const forced = forcedReports(ctx, rng);
  for (let i = 0; i < count; i++) {
    const id = ++nextId;
    const f = forced[i];
    const b = f?.b ?? pickBuilding(rng);
    const catCode = f?.dept
      ? rng.pick(['street_vending', 'illegal_building', 'clutter'])
      : rng.weighted(CATEGORY_WEIGHTS);
    const categoryId = ctx.categories.get(catCode) as number;
    const isOpen = f ? true : rng.chance(0.22);
    const ageH = isOpen ? rng.int(1, 60) : rng.int(80, 24 * 90);
    const createdAt = new Date(now.getTime() - ageH * HOUR - rng.int(0, 59) * 60_000);
    const peak = f?.level ?? rng.weighted(isOpen ? OPEN_LEVELS : PEAK_LEVELS);
    const departmentId =
      peak === 5
        ? (f?.dept ?? ctx.defaultDept.get(catCode) ?? ctx.departments.get('开平市城市管理和综合执法局') ?? null)
        : null;
    const handlerAt = (level: number) =>
      level === 1
        ? (b.windowEstateId ?? b.id)
        : level === 2
          ? b.gridId
          : level === 3
            ? b.communityId
            : level === 4
              ? b.streetId
              : (departmentId as number);
    const reporterUser = b.accountResidents.length && rng.chance(0.5) ? rng.pick(b.accountResidents) : null;
    const reporter = reporterUser ?? (b.residents.length ? rng.pick(b.residents) : null);
    const channel = reporterUser ? rng.weighted(CHANNELS_APP) : rng.weighted(CHANNELS);

    // Walk the report up to its peak level, leaving an open one part way through its last level.
    const evs: Ev[] = [];
    let t = createdAt.getTime();
    const span = now.getTime() - t;
    const step = (maxH: number) => {
      const room = isOpen ? span / (peak * 3 + 2) : maxH * HOUR;
      t = Math.min(t + rng.int(5, 100) * 0.01 * room, now.getTime() - 60_000);
      return new Date(t);
    };
    let status = 'submitted';
    let levelEnteredAt = createdAt;
    let acceptedAt: Date | null = null;
    let firstAnsweredAt: Date | null = null;
    let resolvedAt: Date | null = null;
    let closedAt: Date | null = null;
    let rating: number | null = null;
    let isOverdue = false;
    let dueAt: Date | null = null;
    const push = (type: string, to: string, level: number, at: Date, note: string | null = null) => {
      evs.push({ type, from: evs.at(-1)?.to ?? null, to, fromLevel: evs.at(-1)?.level ?? null, level, at, note });
      status = to;
    };
    push('submitted', 'submitted', 1, createdAt);
    const openStage = isOpen ? rng.weighted(OPEN_STAGES) : null;
    for (let level = 1; level <= peak; level++) {
      const last = level === peak;
      const sla = ctx.slas.get(`${categoryId}:${level}`) ?? { ack: 24, resolve: 168 };
      if (last && openStage === 'submitted') {
        dueAt = new Date(levelEnteredAt.getTime() + sla.ack * HOUR);
        break;
      }
      acceptedAt = step(sla.ack * 0.8);
      push('accepted', 'accepted', level, acceptedAt, level === 5 ? '部门已报到，安排人员核查' : null);
      if (rng.chance(0.7) || (last && openStage === 'in_progress')) {
        const at = step(sla.resolve * 0.2);
        firstAnsweredAt ??= at;
        push('answered', 'in_progress', level, at, rng.pick(ANSWERS[level] as string[]));
      }
      if (last && openStage) {
        dueAt = new Date(levelEnteredAt.getTime() + sla.resolve * HOUR);
        if (level === 5 && rng.chance(0.25)) {
          isOverdue = true;
          dueAt = null;
        }
        break;
      }
      if (!last) {
        const at = step(sla.resolve * 0.3);
        push('escalated', 'submitted', level + 1, at, rng.pick(ESCALATIONS[level] as string[]));
        levelEnteredAt = at;
        acceptedAt = null;
      }
    }
    if (!isOpen) {
      const sla = ctx.slas.get(`${categoryId}:${peak}`) ?? { ack: 24, resolve: 168 };
      if (rng.chance(0.04)) {
        closedAt = step(sla.ack);
        push('rejected', 'rejected', peak, closedAt, '经核实不属于本级受理范围，已告知居民其他渠道');
      } else {
        resolvedAt = step(sla.resolve * 0.6);
        firstAnsweredAt ??= resolvedAt;
        push(
          'resolved',
          'resolved',
          peak,
          resolvedAt,
          rng.pick(RESOLUTIONS[catCode.split('.')[0] as string] ?? GENERIC_DONE),
        );
        const rated = rng.chance(0.7);
        if (rated) {
          rating = rng.weighted(RATINGS);
          closedAt = new Date(Math.min(resolvedAt.getTime() + rng.int(1, 48) * HOUR, now.getTime() - 60_000));
          push('rated', 'closed', peak, closedAt, rating >= 4 ? rng.pick(THANKS) : null);
        } else if (now.getTime() - resolvedAt.getTime() > 7 * 24 * HOUR) {
          closedAt = new Date(resolvedAt.getTime() + 7 * 24 * HOUR);
          push('auto_closed', 'closed', peak, closedAt);
        } else {
          dueAt = new Date(resolvedAt.getTime() + 7 * 24 * HOUR);
        }
      }
    }
    // Most open reports are still within their clock; the rest show the SLA job escalating on start.
    if (isOpen && dueAt && dueAt.getTime() < now.getTime() && rng.chance(0.85)) {
      dueAt = new Date(now.getTime() + rng.int(1, 12) * HOUR);
    }
    const level = evs.at(-1)?.level ?? 1;
    const updatedAt = evs.at(-1)?.at ?? createdAt;
    reportRows.push({
      id,
      streetId: b.streetId,
      buildingId: b.id,
      path: b.path,
      categoryId,
      description: rng.pick(DESCRIPTIONS[catCode] ?? ['需要处理']),
      location: rng.chance(0.7) ? rng.pick(LOCATIONS) : null,
      channel,
      status,
      level,
      peakLevel: level,
      handlerOrgUnitId: handlerAt(level),
      departmentId,
      version: evs.length,
      reporterUserId: reporterUser?.userId ?? null,
      reporterName: reporter?.name ?? null,
      reporterPhoneEnc: reporter?.phoneEnc ?? null,
      reporterPhoneHash: reporter?.phoneHash ?? null,
      followerCount: reporterUser ? 1 : 0,
      levelEnteredAt,
      dueAt,
      isOverdue,
      acceptedAt,
      firstAnsweredAt,
      resolvedAt,
      closedAt,
      rating,
      createdAt,
      updatedAt,
    });
    for (const [v, e] of evs.entries()) {
      eventRows.push({
        reportId: id,
        streetId: b.streetId,
        version: v + 1,
        type: e.type,
        fromStatus: e.from,
        toStatus: e.to,
        fromLevel: e.fromLevel,
        toLevel: e.level,
        handlerOrgUnitId: handlerAt(e.level),
        note: e.note,
        detail: e.type === 'submitted' ? { channel } : null,
        at: e.at,
      });
    }
    if (reporterUser) {
      followerRows.push({
        reportId: id,
        userId: reporterUser.userId,
        streetId: b.streetId,
        kind: 'reporter',
        createdAt,
      });
    }
    // The inbox: the last event, for the reporter and whoever holds the report now.
    const lastEv = evs.at(-1) as Ev;
    const recipients = new Set<number>(reporterUser ? [reporterUser.userId] : []);
    if (OPEN.has(status)) for (const u of ctx.boundAt.get(handlerAt(level)) ?? []) recipients.add(u);
    const [zh, en] = TITLES[lastEv.type] ?? ['诉求有更新', 'Report updated'];
    for (const userId of recipients) {
      notes.push({
        userId,
        streetId: b.streetId,
        kind: `report.${lastEv.type}`,
        titleZh: zh,
        titleEn: en,
        body: cutText(lastEv.note ?? reportRows.at(-1)?.description ?? '', 120),
        objectType: 'report',
        objectId: id,
        sourceKey: `seed:report:${id}:v${evs.length}`,
        createdAt: lastEv.at,
        readAt: now.getTime() - lastEv.at.getTime() > 3 * 24 * HOUR ? lastEv.at : null,
      });
    }
  }
  for (const part of chunks(reportRows, 400)) await tx.insert(reports).overridingSystemValue().values(part);
  for (const part of chunks(eventRows, 1000)) await tx.insert(reportEvents).values(part);
  for (const part of chunks(followerRows, 1000)) await tx.insert(reportFollowers).values(part);
  for (const part of chunks(notes, 1000)) await tx.insert(notifications).values(part).onConflictDoNothing();
  return { reports: reportRows.length, events: eventRows.length };
}

const HOUR = 3_600_000;
const OPEN = new Set(['submitted', 'accepted', 'in_progress', 'reopened']);

interface Ev {
  type: string;
  from: string | null;
  to: string;
  fromLevel: number | null;
  level: number;
  at: Date;
  note: string | null;
}

function* chunks<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}
