import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { JobRunner } from './jobs';

describe('JobRunner', () => {
  it('passes the clock time and joins an overlapping run instead of starting a second', async () => {
    const clock = new FakeClock('2026-12-01T00:00:00Z');
    const runner = new JobRunner(clock, () => {});
    let calls = 0;
    let release = () => {};
    runner.register('tick', 1000, async (now) => {
      calls++;
      expect(now.toISOString()).toBe('2026-12-01T00:00:00.000Z');
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const a = runner.runOnce('tick');
    const b = runner.runOnce('tick');
    release();
    await Promise.all([a, b]);
    expect(calls).toBe(1);
  });

  it('refuses a job registered twice and an unknown name', () => {
    const runner = new JobRunner(new FakeClock(), () => {});
    runner.register('x', 1000, async () => {});
    expect(() => runner.register('x', 1000, async () => {})).toThrow(/twice/);
    expect(() => runner.runOnce('y')).toThrow(/no job/);
  });

  it('stops its timers and waits for a run under way', async () => {
    const runner = new JobRunner(new FakeClock(), () => {});
    let done = false;
    runner.register('slow', 5, async () => {
      await new Promise((r) => setTimeout(r, 30));
      done = true;
    });
    runner.start();
    await new Promise((r) => setTimeout(r, 15));
    await runner.stop();
    expect(done).toBe(true);
  });
});
