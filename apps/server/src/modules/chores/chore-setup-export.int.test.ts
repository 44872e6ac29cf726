import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readSheet } from '../../../test/read-sheet';
import { a, call, count, template, useChoresFixture } from './chores-fixture';

/**
 * The exports of 任务模板 and 发布任务: the rows the lists show for the same filter, audited before the first
 * byte; refused (nothing written) for a captain. Templates (this file's street, in creation order):
 *   洗楼梯 清洁 10 分, 1 photo, no before/after, no daily limit, 48 h · 巡查消防通道 巡查 5 分, 2 photos,
 *   before/after, 2 a day per building, 24 h · 旧模板 (archived). One weekly publication of 洗楼梯 to the
 *   community from 2026-11-02: one task for each of its two buildings.
 */
useChoresFixture();

const audits = (action: string, who: string) =>
  count(
    sql`select count(*)::int as n from audit_log a join users u on u.id = a.actor_user_id
        where a.action = ${action} and u.name = ${who}`,
  );

describe('任务模板 and 发布任务: export', () => {
  it('writes the templates the list shows, archived ones when asked, and audits each export', async () => {
    const wash = await template({ name: '洗楼梯', points: 10, minPhotos: 1, beforeAfter: false, claimTtlHours: 48 });
    await template({
      name: '巡查消防通道',
      category: 'patrol',
      points: 5,
      minPhotos: 2,
      beforeAfter: true,
      dailyLimitPerBuilding: 2,
      claimTtlHours: 24,
    });
    const old = await template({ name: '旧模板' });
    expect((await call('PATCH', `/api/v1/chore-templates/${old.id}`, 'street', { archived: true })).statusCode).toBe(
      200,
    );

    const listed = (await call('GET', '/api/v1/chore-templates', 'community')).json().items;
    const res = await call('GET', '/api/v1/chore-templates/export', 'community');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('任务模板');
    expect(s.header).toEqual([
      '名称',
      '类别',
      '积分',
      '最少照片',
      '需前后对比照',
      '每楼每日上限',
      '认领有效期（小时）',
      '已停用',
    ]);
    expect(s.body).toEqual([
      ['洗楼梯', '清洁', 10, 1, '否', null, 48, '否'],
      ['巡查消防通道', '巡查', 5, 2, '是', 2, 24, '否'],
    ]);
    expect(s.body.map((r) => r[0])).toEqual(listed.map((x: { name: string }) => x.name));
    const all = await readSheet(
      (await call('GET', '/api/v1/chore-templates/export?archived=true', 'community')).rawPayload,
    );
    expect(all.body.map((r) => [r[0], r[7]])).toEqual([
      ['洗楼梯', '否'],
      ['巡查消防通道', '否'],
      ['旧模板', '是'],
    ]);
    expect(await audits('chore_template.export', 'community')).toBe(2);

    const pub = await call('POST', '/api/v1/chore-publications', 'community', {
      templateId: wash.id,
      orgUnitId: a.community.id,
      recurrence: 'weekly',
      startsOn: '2026-11-02',
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const p = await readSheet((await call('GET', '/api/v1/chore-publications/export', 'community')).rawPayload);
    expect(p.name).toBe('发布任务');
    expect(p.header).toEqual(['模板', '发布范围', '频次', '开始日期', '结束日期', '已生成任务', '状态']);
    expect(p.body).toEqual([['洗楼梯', a.community.name, '每周', '2026-11-02', null, 2, '进行中']]);
    expect(await audits('chore_publication.export', 'community')).toBe(1);
  });

  it('refuses a captain, and writes nothing', async () => {
    for (const url of ['/api/v1/chore-templates/export', '/api/v1/chore-publications/export']) {
      const res = await call('GET', url, 'cap1');
      expect(res.statusCode, url).toBe(403);
    }
    expect(await audits('chore_template.export', 'cap1')).toBe(0);
    expect(await audits('chore_publication.export', 'cap1')).toBe(0);
  });
});
