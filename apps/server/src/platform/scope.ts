import type { ErrorCode, Role } from '@louzhang/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from './actor';
import { AppError, notFound } from './errors';

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
    return this.paths.some((p) => isWithin(path, p));
  }

  /**
   * True when the unit at `path` lies in this scope or holds part of it (a street seen by staff of one of its
   * communities): whether figures, posters or lists *at* that unit may show the caller anything.
   */
  overlaps(path: string): boolean {
    return this.covers(path) || this.paths.some((p) => isWithin(p, path));
  }

  /**
   * The refusal for a row at `path` the caller may not act on for this purpose (docs/rules.md#roles-and-scope):
   * `code` (403) when the row lies where the caller sees rows — `seen`, the scope of their reading roles — so
   * the answer tells them nothing new; NOT_FOUND when it lies outside (not found, never shown).
   */
  static refusal(seen: Scope, path: string | null | undefined, code: ErrorCode = 'FORBIDDEN'): AppError {
    return path != null && seen.covers(path) ? new AppError(code) : notFound();
  }

  /**
   * The LIKE patterns of `where`, for a statement built once: `column like any(<patterns>::text[])` is
   * `where(column)` with the patterns as one parameter (none: no row).
   */
  likePatterns(): string[] {
    return this.paths.map((p) => `${escapeLike(p)}%`);
  }

  /** SQL predicate: `column` (a materialised path) lies in this scope. FALSE for an empty scope. */
  where(column: AnyPgColumn | SQL): SQL {
    if (this.paths.length === 0) return sql`false`;
    const parts = this.paths.map((p) => sql`${column} like ${`${escapeLike(p)}%`}`);
    return sql`(${sql.join(parts, sql` or `)})`;
  }
}

/** True when the unit at `path` is `ancestor` itself or lies below it (materialised paths '/1/4/17/'). */
export function isWithin(path: string, ancestor: string): boolean {
  return path.startsWith(ancestor);
}

/** The ids of the units a materialised path passes through, root first ('/1/4/17/' → 1, 4, 17). */
export function unitIdsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** The streets in which `actor` holds any of `roles` (a binding at or below a street). */
export function streetsOf(actor: Actor, roles: readonly Role[]): Set<number> {
  const out = new Set<number>();
  for (const b of actor.bindings) if (roles.includes(b.role) && b.streetId !== null) out.add(b.streetId);
  return out;
}

function foldPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => isWithin(p, k))) kept.push(p);
  return kept;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
