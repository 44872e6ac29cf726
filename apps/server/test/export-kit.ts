import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rows } from '../src/platform/db';
import type { TestApp } from './harness';
import { readSheet } from './read-sheet';

/** An export's audit entry as the tests read it back. */
export interface ExportAudit {
  actor_user_id: number;
  detail: { rows: number; filters: Record<string, unknown> };
}

/**
 * What the list-export tests share: calls as a named user (cookies by name), a sheet read back from an export
 * that must answer 200, and the audit entries of one action in order. `app` is read at call time (the app
 * starts in the file's beforeAll).
 */
export function exportKit(app: () => TestApp, cookies: Record<string, string>) {
  const get = (who: string, url: string, lang = 'zh-CN') =>
    app().app.inject({ method: 'GET', url, headers: { cookie: cookies[who]!, 'accept-language': lang } });
  const post = async (who: string, url: string, payload: object) => {
    const res = await app().app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[who]! } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const sheetOf = async (who: string, url: string, lang = 'zh-CN') => {
    const res = await get(who, url, lang);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    return readSheet(res.rawPayload);
  };
  const audits = (action: string) =>
    rows<ExportAudit>(
      app().database.db,
      sql`select actor_user_id, detail from audit_log where action = ${action} order by id`,
    );
  /** Asks `who` for each export, each refused (403), and checks no entry of `actions` was written meanwhile. */
  const expectRefused = async (who: string, urls: readonly string[], actions: readonly string[]) => {
    const count = async () => {
      let n = 0;
      for (const action of actions) n += (await audits(action)).length;
      return n;
    };
    const before = await count();
    for (const url of urls) expect((await get(who, url)).statusCode, url).toBe(403);
    expect(await count()).toBe(before);
  };
  return { get, post, sheetOf, audits, expectRefused };
}
