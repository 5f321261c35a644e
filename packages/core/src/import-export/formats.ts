import { stringify } from "csv-stringify/sync";
import type { ImportFormat } from "./records.ts";

/**
 * Entries as the text of a file, chunk by chunk, so an export streams: CSV with a header
 * row of `columns` (absent values empty), or a JSON array with one entry per line group.
 * What `readRecords` reads back.
 * @example await pipeline(Readable.from(formatRecords(exportUsers(ctx), { format: "csv", columns: USER_COLUMNS })), createWriteStream(file));
 */
export async function* formatRecords(
  entries: AsyncIterable<object>,
  { format, columns }: { format: ImportFormat; columns: readonly string[] },
): AsyncGenerator<string> {
  if (format === "csv") {
    yield stringify([columns]);
    for await (const entry of entries) {
      const values = entry as Record<string, unknown>;
      yield stringify([columns.map((column) => values[column] ?? "")]);
    }
    return;
  }
  let first = true;
  yield "[";
  for await (const entry of entries) {
    const body = JSON.stringify(entry, null, 2).replace(/\n/g, "\n  ");
    yield `${first ? "" : ","}\n  ${body}`;
    first = false;
  }
  yield first ? "]\n" : "\n]\n";
}
