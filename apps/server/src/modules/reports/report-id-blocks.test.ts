import { describe, expect, it } from 'vitest';
import { IdBlocks, type IntakeIds } from './report-id-blocks';

/** A sequence pair as PostgreSQL's: each draw takes the next n values of both. */
function sequences() {
  let next = 1;
  const draws: number[] = [];
  const draw = async (n: number): Promise<IntakeIds[]> => {
    draws.push(n);
    await new Promise((r) => setTimeout(r, 1));
    return Array.from({ length: n }, () => {
      const id = next++;
      return { reportId: id, eventId: 1000 + id };
    });
  };
  return { draw, draws };
}

describe('IdBlocks', () => {
  it('draws one id at a time while reports come slower than the freshness window', async () => {
    const seq = sequences();
    let t = 0;
    const ids = new IdBlocks(seq.draw, () => t, 1000);
    const got: number[] = [];
    for (let i = 0; i < 5; i++) {
      got.push((await ids.take()).reportId);
      t += 5000;
    }
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(seq.draws).toEqual([1, 1, 1, 1, 1]);
  });

  it('grows its blocks under a burst, never hands out an id twice, and hands them out in order', async () => {
    const seq = sequences();
    const ids = new IdBlocks(seq.draw, () => 0, 1000, 8);
    const taken = await Promise.all(Array.from({ length: 100 }, () => ids.take()));
    const reportIds = taken.map((x) => x.reportId);
    expect(new Set(reportIds).size).toBe(100);
    expect(taken.every((x) => x.eventId === 1000 + x.reportId)).toBe(true);
    // Concurrent callers are served one block at a time: the ids come out in the order they were drawn.
    expect(reportIds).toEqual([...reportIds].sort((a, b) => a - b));
    expect(seq.draws.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(Math.max(...seq.draws)).toBe(8);
    expect(seq.draws.reduce((a, b) => a + b, 0)).toBeLessThan(100 + 8);
  });

  it('drops ids gone stale and draws fewer next time', async () => {
    const seq = sequences();
    let t = 0;
    const ids = new IdBlocks(seq.draw, () => t, 1000, 8);
    for (let i = 0; i < 4; i++) await ids.take(); // blocks of 1, 2, then 4 (one id of it left)
    expect(seq.draws).toEqual([1, 2, 4]);
    t += 1500;
    const late = await ids.take();
    expect(late.reportId).toBe(8); // 1–7 were drawn; the unused 5th–7th are dropped, not handed out late
    expect(seq.draws).toEqual([1, 2, 4, 2]);
  });
});
