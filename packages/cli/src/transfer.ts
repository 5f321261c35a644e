import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  formatRecords,
  readRecords,
  type ImportFormat,
  type ImportReport,
  type SourceRecord,
} from "@guildhall/core/import-export";
import { resolveUserPath } from "./env.ts";
import type { Io } from "./output.ts";

/** The format a file's extension names, unless `--format` says otherwise. */
export function formatOf(file: string, given: ImportFormat | undefined): ImportFormat {
  if (given) return given;
  if (/\.csv$/i.test(file)) return "csv";
  if (/\.json$/i.test(file)) return "json";
  throw new Error(
    `Cannot tell the format of "${file}" from its name: add --format csv or --format json.`,
  );
}

/**
 * The records of an import file, read as a stream when they are iterated (the file is only
 * checked here, so a missing one is reported before the database is opened); a progress
 * bar follows the bytes read. Call `done()` when reading has finished, to take the bar away.
 */
export async function openImportFile(
  io: Io,
  file: string,
  { format, columns }: { format: ImportFormat; columns: readonly string[] },
): Promise<{ path: string; records: AsyncIterable<SourceRecord>; done: () => void }> {
  const path = resolveUserPath(file);
  const { size } = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "ENOENT" ? new Error(`There is no file at ${path}.`) : error;
  });
  const bar = io.progress("Reading", "bytes");
  async function* counted() {
    let read = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      read += chunk.length;
      bar.update(read, size);
      yield chunk;
    }
  }
  return { path, records: readRecords(counted(), { format, columns }), done: () => bar.stop() };
}

/** The lines that list refused entries: what to fix, by line. */
export function refusalLines(report: ImportReport): string[] {
  const lines = report.refused.map((r) => `  line ${r.line}: ${r.reason}`);
  const more = report.refusedCount - report.refused.length;
  return more > 0 ? [...lines, `  … and ${more} more`] : lines;
}

/**
 * Writes an export: to `output` (through `<output>.partial`, renamed at the end, so an
 * interrupted export leaves no truncated file behind), or to stdout. A progress bar counts
 * the entries written against `total`.
 */
export async function writeExport(
  io: Io,
  {
    entries,
    total,
    unit,
    format,
    columns,
    output,
  }: {
    entries: AsyncIterable<object>;
    total: number;
    unit: string;
    format: ImportFormat;
    columns: readonly string[];
    output: string | undefined;
  },
): Promise<{ written: number; path: string | null }> {
  const bar = io.progress("Exporting", unit);
  let written = 0;
  async function* counted() {
    for await (const entry of entries) {
      written += 1;
      bar.update(written, Math.max(total, written));
      yield entry;
    }
  }
  const text = formatRecords(counted(), { format, columns });
  try {
    if (output === undefined) {
      await writeToStdout(text);
      return { written, path: null };
    }
    const path = resolveUserPath(output);
    const partial = `${path}.partial`;
    try {
      await pipeline(Readable.from(text), createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { written, path };
  } finally {
    bar.stop();
  }
}

/**
 * Writes to stdout with backpressure. A reader that stops early (`| head`) closes the pipe:
 * that ends the export quietly (EPIPE), as for any Unix filter.
 */
async function writeToStdout(chunks: AsyncIterable<string>): Promise<void> {
  // An object, so the loop sees what the listener sets.
  const pipe: { error: NodeJS.ErrnoException | null } = { error: null };
  const onError = (error: NodeJS.ErrnoException) => {
    pipe.error = error;
    process.stdout.emit("drain");
  };
  process.stdout.on("error", onError);
  try {
    for await (const chunk of chunks) {
      if (pipe.error) break;
      if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
    }
  } finally {
    process.stdout.off("error", onError);
  }
  if (pipe.error && pipe.error.code !== "EPIPE") throw pipe.error;
}
