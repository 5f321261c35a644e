import { Readable } from "node:stream";
import { CsvError, parse as parseCsv } from "csv-parse";
import { getNodeValue, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";

/** One entry of an import file and the line it starts on (1-based), or why it was refused. */
export type SourceRecord =
  { line: number; fields: Record<string, unknown> } | { line: number; refused: string };

/** A refused entry: where it is in the file and why. */
export interface Refusal {
  line: number;
  reason: string;
}

export type ImportFormat = "csv" | "json";

/** What an import file is read from: a file stream, or text (tests). */
export type ImportSource = Readable | AsyncIterable<string | Buffer> | Iterable<string> | string;

/**
 * Reads an import file as records. CSV is parsed as a stream: the header row names the
 * columns, which must all be in `columns` (an unknown column is refused rather than
 * silently dropped). JSON must be an array of objects; it is read whole (a JSON document
 * cannot be validated before its end) and each entry reports the line its `{` is on. A
 * syntax error is one refusal at its line, and reading stops there.
 */
export async function* readRecords(
  source: ImportSource,
  { format, columns }: { format: ImportFormat; columns: readonly string[] },
): AsyncGenerator<SourceRecord> {
  if (format === "csv") yield* readCsv(source, columns);
  else yield* readJson(source);
}

async function* readCsv(
  source: ImportSource,
  columns: readonly string[],
): AsyncGenerator<SourceRecord> {
  // relax_column_count: a row with too few or too many fields is refused by line here,
  // instead of the parser stopping at the first one.
  const input = Readable.from(source);
  const parser = input.pipe(
    parseCsv({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }),
  );
  // pipe() does not forward a read error (say, the file vanished): end the parse with it.
  input.once("error", (error) => parser.destroy(error));
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // `lines` is where the record ends; a quoted field may span lines.
      const line = info.lines - record.reduce((n, field) => n + countNewlines(field), 0);
      if (!header) {
        header = record.map((name) => name.trim());
        const problem = headerProblem(header, columns);
        if (problem) {
          yield { line, refused: problem };
          return;
        }
        continue;
      }
      if (record.length !== header.length) {
        yield {
          line,
          refused: `expected ${header.length} fields (${header.join(", ")}), found ${record.length}`,
        };
        continue;
      }
      const fields: Record<string, unknown> = {};
      // An empty CSV field means "not given", as a missing key does in JSON.
      header.forEach((name, i) => {
        const value = record[i];
        if (value !== undefined && value !== "") fields[name] = value;
      });
      yield { line, fields };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines ?? 1;
      yield { line: at, refused: `malformed CSV: ${error.message}` };
      return;
    }
    throw error;
  }
  if (!header)
    yield { line: 1, refused: `the file is empty: expected a header row (${columns.join(", ")})` };
}

function headerProblem(header: string[], columns: readonly string[]): string | null {
  const unknown = header.filter((name) => !columns.includes(name));
  if (unknown.length)
    return `unknown column ${unknown.map((n) => `"${n}"`).join(", ")} (columns: ${columns.join(", ")})`;
  const repeated = header.filter((name, i) => header.indexOf(name) !== i);
  if (repeated.length) return `column "${repeated[0]}" appears twice`;
  return null;
}

async function* readJson(source: ImportSource): AsyncGenerator<SourceRecord> {
  let text = "";
  for await (const chunk of Readable.from(source) as AsyncIterable<string | Buffer>)
    text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
  text = text.replace(/^\uFEFF/, "");
  const lineOf = lineIndex(text);
  const errors: ParseError[] = [];
  // Strict JSON: no comments, no trailing commas (jsonc-parser is lenient by default).
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    yield {
      line: lineOf(first.offset),
      refused: `malformed JSON: ${printParseErrorCode(first.error)}`,
    };
    return;
  }
  if (root?.type !== "array") {
    yield { line: root ? lineOf(root.offset) : 1, refused: "expected a JSON array of objects" };
    return;
  }
  for (const node of root.children ?? []) {
    const line = lineOf(node.offset);
    if (node.type !== "object") yield { line, refused: "expected an object" };
    else yield { line, fields: getNodeValue(node) as Record<string, unknown> };
  }
}

/** Line number (1-based) of an offset in `text`, by binary search over the line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function countNewlines(value: string): number {
  let n = 0;
  for (let i = value.indexOf("\n"); i !== -1; i = value.indexOf("\n", i + 1)) n += 1;
  return n;
}
