import { describe, expect, it } from 'vitest';
import { a, cat, file, get, post, useReportsApp } from './reports-fixture';

/* Reports: similar open reports before filing, joining one, merging a duplicate. */
useReportsApp();

describe('duplicates', () => {
  it('shows open reports of the same kind before filing, joins one, and merges a duplicate', async () => {
    const first = await file('reporter', { categoryId: cat['repair.sewer'], description: '下水道堵了，一楼返水' });
    const similar = await get(
      'neighbour',
      `/api/v1/reports/similar?buildingId=${a.building.id}&categoryId=${cat['repair.sewer']}`,
    );
    expect(similar.statusCode).toBe(200);
    expect(similar.json().items.map((i: { id: number }) => i.id)).toContain(first.id);
    expect(
      (await get('outsider', `/api/v1/reports/similar?buildingId=${a.building.id}&categoryId=${cat['repair.sewer']}`))
        .statusCode,
    ).toBe(404);
    const j1 = await post('neighbour', `/api/v1/reports/${first.id}/join`);
    const j2 = await post('neighbour', `/api/v1/reports/${first.id}/join`);
    expect(j1.json().followerCount).toBe(2);
    expect(j2.json().followerCount).toBe(2);
    // The captain files the same problem again for someone; staff merge it into the first.
    const dup = await post('captain', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat['repair.sewer'],
      description: '一楼下水道返水',
    });
    const dupId = dup.json().id as number;
    await post('captain', `/api/v1/reports/${dupId}/join`);
    expect((await post('otherCaptain', `/api/v1/reports/${dupId}/merge`, { intoReportId: first.id })).statusCode).toBe(
      404,
    );
    const merged = await post('captain', `/api/v1/reports/${dupId}/merge`, { intoReportId: first.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: first.id, followerCount: 3 });
    const b = (await get('captain', `/api/v1/reports/${dupId}`)).json();
    expect(b).toMatchObject({ status: 'merged', mergedIntoId: first.id });
    expect((await post('captain', `/api/v1/reports/${dupId}/merge`, { intoReportId: first.id })).statusCode).toBe(409);
  });
});
