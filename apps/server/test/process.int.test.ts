import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real entry point as `npm start` runs it, on an embedded data folder.
const dir = mkdtempSync(join(tmpdir(), 'louzhang-proc-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { DATABASE_URL: _ignored, DATABASE_REPLICA_URL: _noReplica, ...env } = process.env;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...env, LOUZHANG_DATA_DIR: dir, PORT: '0', SEED_ON_EMPTY: 'false', LOG_LEVEL: 'warn' },
  });
  started.push(proc);
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

async function until(check: () => boolean, output: () => string, ms = 150_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out; the process said:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the server process', () => {
  it('refuses a second process on the same data folder, then shuts down cleanly on SIGTERM', async () => {
    const first = start();
    await until(() => first.output().includes('louzhang listening on http://127.0.0.1:'), first.output);

    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by another louzhang process \(pid \d+\)/);

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dir, 'louzhang.lock'))).toBe(false);
  }, 300_000); // a safety net: migrating a new embedded database takes a while on a busy 2-core box
});
