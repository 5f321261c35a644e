/** `text` with LIKE wildcards (and the escape character) escaped, to match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching values that start with `prefix`. */
export function prefixPattern(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}
