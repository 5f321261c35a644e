import { DomainError } from "../errors.ts";

/** Where a page of the audit log ended: the last entry's (createdAt, id). */
export interface AuditCursor {
  createdAt: Date;
  id: string;
}

/**
 * The cursor is opaque to callers: base64url of `<epoch ms>.<id>`. Entries are ordered by
 * (createdAt, id) descending, so a cursor names one position even when many entries share a
 * millisecond.
 */
export function encodeAuditCursor({ createdAt, id }: AuditCursor): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`, "utf8").toString("base64url");
}

/** @throws guard.invalid_input for a value this list did not give out. */
export function decodeAuditCursor(cursor: string): AuditCursor {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor)
    ? Buffer.from(cursor, "base64url").toString("utf8")
    : "";
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  const createdAt = match ? new Date(Number(match[1])) : null;
  if (!match?.[2] || !createdAt || Number.isNaN(createdAt.getTime())) {
    const message = "cursor is not one this list gave out: pass the nextCursor of the last page";
    throw new DomainError("guard.invalid_input", message, {
      issues: [{ path: ["cursor"], message }],
    });
  }
  return { createdAt, id: match[2] };
}
