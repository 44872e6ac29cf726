// Starts the real server for browser runs (the e2e journeys, the slow-4G timing): a free port, a fresh
// data folder with the demo data, and the demo logins it prints.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_START_TIMEOUT_MS = 180_000;
/** EXPORT_SYNC_MAX_ROWS of the e2e server (the export-jobs journey relies on it). */
export const E2E_EXPORT_CAP = 300;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server with its own data folder and demo data and waits for "louzhang listening on http://…";
 * resolves to { baseUrl, demoUsers, stop }. `stop()` ends it, saves its output to `logFile` and deletes the data.
 */
export async function startServer({ logFile, env = {} } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'louzhang-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOUZHANG_DATA_DIR: dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // Every journey signs people in from 127.0.0.1: a whole office behind one address. The limit of
      // 30 a minute per address (tested in login-rate.int.test.ts) would refuse the later journeys.
      LOGIN_RATE_PER_MINUTE: process.env.LOGIN_RATE_PER_MINUTE ?? '1000',
      // The streamed exports' cap, lowered so the demo street's registry (about 3,000 households) is exported
      // in the background (导出任务) while the lists' smaller exports still stream.
      EXPORT_SYNC_MAX_ROWS: String(E2E_EXPORT_CAP),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${SERVER_START_TIMEOUT_MS} ms\n${output}`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /louzhang listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => {
      output += c.toString();
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  // Give the server's printout a moment to finish (the demo logins follow the listening line).
  await new Promise((r) => setTimeout(r, 200));
  child.stdout.on('data', (c) => {
    output += c.toString();
  });

  const demoUsers = [];
  const demo = output.split('\n');
  const at = demo.findIndex((l) => /Demo logins/.test(l));
  if (at >= 0) {
    for (const line of demo.slice(at + 1)) {
      const m = /^\s+(\+?\d{5,20})\s+(\S+)\s*(.*)$/.exec(line);
      if (!m) break;
      demoUsers.push({ phone: m[1], roles: m[2].split(','), note: m[3].trim() });
    }
  }

  return {
    baseUrl,
    demoUsers,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timeout);
      }
      if (logFile) await writeFile(logFile, output).catch(() => {});
      await rm(dataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}
