import pg from 'pg';

/**
 * Whether the connection that received `err` may serve the next statement: PostgreSQL answered the
 * statement with an ordinary error (a violated constraint, a guard's failed cast, a serialization
 * failure, a cancelled statement) and the connection is back at "ready for query". A FATAL or PANIC
 * answer closes the connection; anything that is not the server's answer (a lost socket, a timeout)
 * leaves it in an unknown state.
 *
 * The severity word is translated when the server's `lc_messages` is not English (node-postgres reads
 * only the translated field), so the SQLSTATE decides too: the classes a server ends a session with —
 * connection exceptions (08), authorisation (28), resources (53, e.g. too many connections), operator
 * intervention (57: shutdown, termination, session timeouts; except 57014, a cancelled statement), system
 * errors (58), internal errors (XX) — and 25P03 (idle in a transaction too long) close the connection
 * whatever the word says.
 */
export function connectionSurvives(err: unknown): boolean {
  if (!(err instanceof pg.DatabaseError)) return false;
  if (err.severity === 'FATAL' || err.severity === 'PANIC') return false;
  const code = err.code ?? '';
  if (code === '57014') return true;
  return !ENDS_SESSION.has(code.slice(0, 2)) && code !== '25P03' && code !== '';
}

const ENDS_SESSION = new Set(['08', '28', '53', '57', '58', 'XX']);

/**
 * node-postgres' pool, except that `query` keeps the connection when PostgreSQL refused the statement.
 * pg-pool's own `query` releases the client with the error, which closes the connection: every refused
 * statement then costs the next caller a new backend (a fork, the sign-in, and a fresh parse and plan of
 * every named statement on it). Several use cases here refuse by design, in the statement itself (a
 * guard that fails, a unique key that is taken), so under contention, as in the mall's opening rush, the
 * pool churned through a connection per loser (docs/ARCHITECTURE.md#connections).
 *
 * Drizzle runs every statement outside a transaction through `query(config, values)`; transactions take
 * a client with `connect()` and release it without an error (pg-pool still drops a client whose
 * connection has ended). The callback forms of `query` keep pg-pool's behaviour.
 */
export class ConnectionKeepingPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's Pool#query is a set of overloads; the promise form is served here
  override query(...args: any[]): any {
    if (args.length > 2 || args.some((a) => typeof a === 'function')) {
      // biome-ignore lint/suspicious/noExplicitAny: forwards whatever overload the caller used
      return (super.query as any)(...args);
    }
    return this.queryKeeping(args[0], args[1]);
  }

  private async queryKeeping(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    // A connection that fails mid-statement emits 'error' as well as failing the statement; a client
    // handed out has no listener of the pool's, and an unheard 'error' would end the process.
    let lost: unknown;
    const onError = (err: unknown) => {
      lost ??= err;
    };
    client.on('error', onError);
    try {
      const res = await client.query(config as pg.QueryConfig, values);
      client.removeListener('error', onError);
      client.release(lost !== undefined);
      return res;
    } catch (err) {
      client.removeListener('error', onError);
      // `true` closes the connection and the pool opens another when it needs one.
      client.release(lost !== undefined || !connectionSurvives(err));
      throw err;
    }
  }
}
