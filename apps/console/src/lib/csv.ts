export type CsvValue = string | number | boolean | Date | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that
 * starts like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a
 * leading `'`, so opening the export in a spreadsheet cannot run what a user typed as their
 * name (CSV injection).
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: a header line, then one line per row, CRLF-separated. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * Saves `csv` as a file in the browser. A byte order mark goes first, so spreadsheet apps
 * read the UTF-8 names as such.
 */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `users-2026-12-07.csv`: the export's name, dated. */
export function csvFilename(what: string, at = new Date()): string {
  return `${what}-${at.toISOString().slice(0, 10)}.csv`;
}
