import type { Role } from '@louzhang/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from './actor';

/**
 * A jurisdiction: the org subtrees an actor may reach for some purpose. Every scoped repository
 * query takes one and filters with `where(column)`, so there is one mechanism for "sees only what
 * lies under their bindings" (docs/rules.md#roles-and-scope). Rows outside it are simply not found.
 */
export class Scope {
  private constructor(readonly paths: readonly string[]) {}

  /** The subtrees where `actor` holds any of `roles`, with nested paths folded into their ancestors. */
  static of(actor: Actor, roles: readonly Role[]): Scope {
    const paths = actor.bindings.filter((b) => roles.includes(b.role)).map((b) => b.path);
    return new Scope(foldPaths(paths));
  }

  static ofPaths(paths: readonly string[]): Scope {
    return new Scope(foldPaths([...paths]));
  }

  get isEmpty(): boolean {
    return this.paths.length === 0;
  }

  /** True when the row at `path` lies in this scope. */
  covers(path: string): boolean {
    return this.paths.some((p) => path.startsWith(p));
  }

  /** SQL predicate: `column` (a materialised path) lies in this scope. FALSE for an empty scope. */
  where(column: AnyPgColumn | SQL): SQL {
    if (this.paths.length === 0) return sql`false`;
    const parts = this.paths.map((p) => sql`${column} like ${`${escapeLike(p)}%`}`);
    return sql`(${sql.join(parts, sql` or `)})`;
  }
}

function foldPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
