/** One field that differs between an entry's `before` and `after`. */
export interface FieldChange {
  /** Dotted path of the field, e.g. `passwordPolicy.minLength`. */
  path: string;
  kind: "added" | "removed" | "changed";
  before: unknown;
  after: unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The entry's `before` and `after`, when its data has both as objects. */
export function beforeAfter(data: Json): { before: Json; after: Json } | null {
  const { before, after } = data;
  return isObject(before) && isObject(after) ? { before, after } : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields that differ, nested objects walked into (arrays and values compared whole), in
 * the order of `before`'s keys and then the keys only `after` has.
 */
export function diffFields(before: Json, after: Json, prefix = ""): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key): FieldChange[] => {
    const path = prefix ? `${prefix}.${key}` : key;
    const inBefore = Object.hasOwn(before, key);
    const inAfter = Object.hasOwn(after, key);
    const [b, a] = [before[key], after[key]];
    if (!inBefore) return [{ path, kind: "added", before: undefined, after: a }];
    if (!inAfter) return [{ path, kind: "removed", before: b, after: undefined }];
    if (isObject(b) && isObject(a)) return diffFields(b, a, path);
    return same(b, a) ? [] : [{ path, kind: "changed", before: b, after: a }];
  });
}

/** A value as the detail shows it: text as is, anything else as indented JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

/** `member.roles_assigned` -> `Member roles assigned`. */
export function actionLabel(action: string): string {
  return action.replace(/[._]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}
