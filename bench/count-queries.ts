import { createServer } from 'node:http';
import pg from 'pg';

/**
 * Preloaded into both bench children (`--import ./bench/count-queries.ts`): counts every statement sent
 * to PostgreSQL (node-postgres `Client#query`, which the pool, Drizzle and raw SQL all go through —
 * `begin` and `commit` included, since each is a round trip) and serves the count on
 * `http://127.0.0.1:$BENCH_COUNT_PORT/`. The bench reads it before and after each load and divides by
 * the requests answered: round trips per request. `BENCH_LOG_SQL=1` also prints each statement
 * (first line) to stderr, to see what a use case sends.
 */
let count = 0;
const original = pg.Client.prototype.query;
const logSql = process.env.BENCH_LOG_SQL === '1';
// biome-ignore lint/suspicious/noExplicitAny: patches node-postgres' overloaded query in place
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: unknown[]) {
  count++;
  if (logSql) {
    const q = args[0] as string | { text?: string; name?: string };
    const text = typeof q === 'string' ? q : (q?.text ?? '');
    // Named statements (parsed and planned once per connection) are marked, unnamed ones are not.
    const named = typeof q === 'object' && q?.name ? 'named ' : '';
    process.stderr.write(
      `SQL ${named}${text.replace(/\s+/g, ' ').slice(0, Number(process.env.BENCH_LOG_SQL_LEN ?? 160))}\n`,
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: forwards whatever overload the caller used
  return (original as any).apply(this, args);
};

const port = Number(process.env.BENCH_COUNT_PORT ?? 0);
if (port) {
  createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const cpu = process.cpuUsage();
    res.end(`${count} ${cpu.user + cpu.system}`);
  })
    .listen(port, '127.0.0.1')
    .unref();
}
