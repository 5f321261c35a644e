import { v7 } from "uuid";

/**
 * An id for a row written by SQL rather than by Prisma (whose `@default(cuid())` is made in
 * Prisma's client). Time-ordered, and increasing within one process, like the cuids it sits
 * beside: lists ordered by (createdAt, id) keep the order in which rows were written.
 */
export function newRowId(): string {
  return v7();
}
