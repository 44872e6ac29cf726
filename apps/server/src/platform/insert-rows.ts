import {
  type Column,
  getTableColumns,
  getTableName,
  Param,
  SQL,
  StringChunk,
  type Table,
  type TableConfig,
} from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';

/**
 * `db.insert(table).values(rows).getSQL()` for the hot paths' writes, the same statement (text and
 * parameters, checked against Drizzle's in insert-rows.test.ts) for a fraction of the work: Drizzle's
 * builder wraps every value in a `Param`, tests each against its entity kinds, and writes the table's
 * quoted column list anew for every row inserted. Here the list is written once per table, and a row is
 * its values in the table's column order: a value missing from the row is the column's `$defaultFn`, or its
 * `$onUpdateFn` when it has no default, or `default` — Drizzle's rules. An SQL value is embedded as it is.
 */
export function insertRows<T extends PgTable>(
  table: T,
  rows: readonly PgInsertValue<T, true>[],
  opts: { overridingSystemValue?: boolean; onConflictDoNothing?: boolean } = {},
): SQL {
  if (rows.length === 0) throw new Error('insertRows needs at least one row');
  const shape = shapeOf(table);
  // Drizzle's SQL constructor tests every chunk it is given for a table (for its query cache, unused
  // here), walking each Param's prototype chain: the chunks go into the array once it holds it.
  const chunks: unknown[] = [];
  const statement = new SQL(chunks as ConstructorParameters<typeof SQL>[0]);
  chunks.push(rawText(`${opts.overridingSystemValue ? shape.prefixOverriding : shape.prefix}values `));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    chunks.push(rawText(r === 0 ? '(' : ', ('));
    for (let i = 0; i < shape.columns.length; i++) {
      const [key, column] = shape.columns[i] as [string, InsertColumn];
      if (i > 0) chunks.push(COMMA);
      chunks.push(cellOf(row[key], column));
    }
    chunks.push(CLOSE);
  }
  if (opts.onConflictDoNothing) chunks.push(rawText(' on conflict do nothing'));
  return statement;
}

type InsertColumn = Column & {
  defaultFn?: () => unknown;
  onUpdateFn?: () => unknown;
  default?: unknown;
  shouldDisableInsert(): boolean;
};

interface Shape {
  columns: [string, InsertColumn][];
  prefix: string;
  prefixOverriding: string;
}

const SHAPES = new WeakMap<object, Shape>();

function shapeOf(table: Table<TableConfig>): Shape {
  let shape = SHAPES.get(table);
  if (!shape) {
    const columns = (Object.entries(getTableColumns(table)) as [string, InsertColumn][]).filter(
      ([, c]) => !c.shouldDisableInsert(),
    );
    // The table's columns are named in snake case in the schema itself (no casing option is used).
    const list = columns.map(([, c]) => quote(c.name)).join(', ');
    const head = `insert into ${quote(getTableName(table))} (${list}) `;
    shape = { columns, prefix: head, prefixOverriding: `${head}overriding system value ` };
    SHAPES.set(table, shape);
  }
  return shape;
}

function cellOf(value: unknown, column: InsertColumn): unknown {
  if (value === undefined || (value instanceof Param && value.value === undefined)) {
    if (column.defaultFn !== undefined) return embed(column.defaultFn(), column);
    if (!column.default && column.onUpdateFn !== undefined) return embed(column.onUpdateFn(), column);
    return DEFAULT;
  }
  return value instanceof SQL || value instanceof Param ? value : new Param(value, column);
}

const embed = (v: unknown, column: Column) => (v instanceof SQL ? v : new Param(v, column));

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A chunk of SQL text, as Drizzle's `sql` template holds its literal parts. */
const rawText = (text: string) => new StringChunk(text);

const COMMA = rawText(', ');
const CLOSE = rawText(')');
const DEFAULT = rawText('default');
