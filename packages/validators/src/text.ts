/**
 * What every piece of text that enters Guildhall must be: storable in PostgreSQL and well-formed
 * Unicode. Pure functions, shared by the zod schemas (`text()` in common.ts) and by the request
 * guards at the edge (REST, tRPC, the node:http server), so the rule is written once.
 */

/**
 * NUL (PostgreSQL's `text` and `jsonb` refuse it: the query fails) or a UTF-16 surrogate without
 * its pair (not a Unicode character: it has no UTF-8 form and `jsonb` refuses its `\uD800` escape).
 * With the `u` flag, `\p{Cs}` only matches unpaired surrogates: a pair is one code point.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSAFE_TEXT = /[\u0000\p{Cs}]/u;

export const UNSAFE_TEXT_MESSAGE =
  "Text cannot contain NUL characters (\\u0000) or unpaired UTF-16 surrogates (\\uD800-\\uDFFF): remove them, or send valid UTF-8.";

/** False for text that holds NUL or an unpaired surrogate. */
export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

/**
 * How deep a JSON value may nest (objects and arrays): custom data is a few levels deep, and a
 * document nested thousands deep only exists to exhaust a recursive parser somewhere downstream.
 */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first problem of a parsed JSON value: a string or key that is not safe text, or nesting
 * deeper than `maxDepth`. Walks with an explicit stack, so no depth can overflow the call stack.
 * A top-level object or array is depth 1.
 */
export function findJsonProblem(
  value: unknown,
  maxDepth: number = MAX_JSON_DEPTH,
): JsonProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: current, path } = item;
    if (typeof current === "string") {
      if (!isSafeText(current)) return { path, message: UNSAFE_TEXT_MESSAGE };
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= maxDepth)
      return {
        path,
        message: `JSON nests too deep: at most ${maxDepth} levels of objects and arrays.`,
      };
    if (Array.isArray(current)) {
      current.forEach((child: unknown, index) =>
        stack.push({ value: child, path: [...path, index] }),
      );
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      if (!isSafeText(key)) return { path: [...path, key], message: `Key: ${UNSAFE_TEXT_MESSAGE}` };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

/**
 * Whether JSON text nests deeper than `maxDepth`, read without parsing it (a linear scan that
 * skips strings), so a hostile body is refused before any parser sees it.
 */
export function jsonTextNestsDeeperThan(json: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth -= 1;
  }
  return false;
}

/**
 * The first problem of a URL's path or query as sent (still percent-encoded): a `%` not followed
 * by two hex digits, escapes that do not decode to UTF-8, or an encoded NUL. Null when fine.
 * Node and the WHATWG parser pass `%ZZ` through untouched, and `decodeURIComponent` throws on it
 * deep inside a framework: checking here turns that 500 into a 400 that says what to fix.
 *
 * @example
 * findUrlEncodingProblem("/api/users/%ZZ") // "malformed percent-encoding `%ZZ` ..."
 */
export function findUrlEncodingProblem(pathAndQuery: string): string | null {
  const malformed = /%(?![0-9A-Fa-f]{2})(.{0,2})/s.exec(pathAndQuery);
  if (malformed)
    return `malformed percent-encoding \`%${malformed[1] ?? ""}\`: a \`%\` must be followed by two hex digits (send a literal % as %25).`;
  // Decode each escaped run on its own (`+` and reserved characters stay as they are).
  for (const [run] of pathAndQuery.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(run);
    } catch {
      return `percent-encoded bytes \`${run.slice(0, 24)}\` are not valid UTF-8.`;
    }
    if (!isSafeText(decoded)) return "an encoded NUL (%00) is not allowed.";
  }
  if (!isSafeText(pathAndQuery)) return "a NUL character is not allowed.";
  return null;
}
