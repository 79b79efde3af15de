/** Row helpers shared by the SQLite aggregates. */

export type Row = Record<string, unknown>;

export function json<T>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

/** Drops undefined/null fields, so records read back equal what was written. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

/** A nullable column as an optional field. */
export function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}
