import { Column, entityKind, Name, Param, Placeholder, SQL, StringChunk, Table } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';

/**
 * The text and parameters of a Drizzle `SQL` for PostgreSQL, as `dialect.sqlToQuery` gives them, in one
 * pass. Drizzle's own builder tests each chunk against a dozen entity kinds by walking its prototype chain
 * and merges a result object per chunk: for the 82 parameters of a report's intake statement that was
 * ~370 µs a request, the largest single cost of the hot writes (measured in `npm run bench`). This walks
 * the chunks the statements here are made of — text, nested SQL, names, tables, columns, parameters with
 * their column's encoder, lists, query builders — and gives up on anything else (placeholders, views,
 * aliases, subqueries, enums, inlined parameters), returning `undefined` so the caller uses Drizzle's.
 *
 * Under test (`VITEST`) `preparedRows` checks every result against Drizzle's and fails on a difference.
 */
export function compileSql(query: SQL, dialect: PgDialect): { sql: string; params: unknown[] } | undefined {
  const params: unknown[] = [];
  const text = walk(query, dialect, params);
  return text === undefined ? undefined : { sql: text, params };
}

// Drizzle's own keys on a table object (registered symbols, so they are the same ones it reads).
const TABLE_NAME = Symbol.for('drizzle:Name');
const TABLE_SCHEMA = Symbol.for('drizzle:Schema');
const IS_ALIAS = Symbol.for('drizzle:IsAlias');

type Casing = { getColumnCasing(c: Column): string };

function walk(node: SQL, dialect: PgDialect, params: unknown[]): string | undefined {
  if ((node as unknown as { shouldInlineParams: boolean }).shouldInlineParams) return undefined;
  let out = '';
  for (const chunk of node.queryChunks as unknown[]) {
    const part = piece(chunk, dialect, params);
    if (part === undefined) return undefined;
    out += part;
  }
  return out;
}

function piece(chunk: unknown, dialect: PgDialect, params: unknown[]): string | undefined {
  if (chunk === undefined) return '';
  if (chunk === null || typeof chunk !== 'object') {
    // A bare value: a parameter as it is (functions, such as an enum, are Drizzle's to judge).
    if (typeof chunk === 'function') return undefined;
    params.push(chunk);
    return `$${params.length}`;
  }
  if (chunk instanceof StringChunk) return (chunk.value as string[]).join('');
  if (chunk instanceof SQL) return walk(chunk, dialect, params);
  if (chunk instanceof Name) return dialect.escapeName(chunk.value);
  if (Array.isArray(chunk)) {
    let out = '(';
    for (let i = 0; i < chunk.length; i++) {
      const part = piece(chunk[i], dialect, params);
      if (part === undefined) return undefined;
      out += i ? `, ${part}` : part;
    }
    return `${out})`;
  }
  if (chunk instanceof Table) {
    const t = chunk as unknown as Record<symbol, string | boolean | undefined>;
    const name = dialect.escapeName(t[TABLE_NAME] as string);
    return t[TABLE_SCHEMA] === undefined || t[IS_ALIAS]
      ? name
      : `${dialect.escapeName(t[TABLE_SCHEMA] as string)}.${name}`;
  }
  if (chunk instanceof Column) {
    const column = (dialect as unknown as { casing: Casing }).casing.getColumnCasing(chunk);
    const t = chunk.table as unknown as Record<symbol, string | boolean | undefined>;
    const qualified = `${dialect.escapeName(t[TABLE_NAME] as string)}.${dialect.escapeName(column)}`;
    return t[IS_ALIAS] || t[TABLE_SCHEMA] === undefined
      ? qualified
      : `${dialect.escapeName(t[TABLE_SCHEMA] as string)}.${qualified}`;
  }
  if (chunk instanceof Param) {
    if (chunk.value instanceof Placeholder) return undefined;
    const mapped = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
    if (mapped instanceof SQL) return walk(mapped, dialect, params);
    if (isEntity(mapped)) return undefined;
    params.push(mapped);
    return `$${params.length}`;
  }
  // Anything else Drizzle knows (a view, placeholder, alias, subquery) is left to Drizzle.
  if (isEntity(chunk)) {
    // A query builder (a select used as a subquery): its SQL in parentheses, as Drizzle writes it.
    if (isBuilder(chunk)) {
      const inner = (chunk as { getSQL(): SQL }).getSQL();
      const text = walk(inner, dialect, params);
      if (text === undefined) return undefined;
      return (chunk as { shouldOmitSQLParens?: () => boolean }).shouldOmitSQLParens?.() ? text : `(${text})`;
    }
    return undefined;
  }
  if (typeof (chunk as { getSQL?: unknown }).getSQL === 'function') return undefined;
  params.push(chunk);
  return `$${params.length}`;
}

/** The class of `v` as Drizzle's `is` finds it (through the prototype: its proxies answer for the object). */
const classOf = (v: object) => Object.getPrototypeOf(v)?.constructor as Record<symbol, unknown> | undefined;

function isEntity(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const c = classOf(v);
  return !!c && entityKind in c;
}

/** Query builders (select, insert, update, delete): entities whose kind names a query builder. */
function isBuilder(v: object): boolean {
  const kind = classOf(v)?.[entityKind];
  return typeof kind === 'string' && /^Pg(Select|Insert|Update|Delete)(QueryBuilder|Base)?$/.test(kind);
}
