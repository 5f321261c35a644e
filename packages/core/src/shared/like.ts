/** A LIKE pattern matching values that start with `prefix` (wildcards in it escaped). */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
