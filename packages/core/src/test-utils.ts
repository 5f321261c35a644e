import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { afterAll, beforeAll, expect } from "vitest";
import { DomainError } from "./errors.ts";
import type { InvitationContext } from "./invitations/select.ts";

/** The instance secret of test contexts (seals outbox bodies). */
export const TEST_INSTANCE_SECRET = "test-instance-secret-0123456789";

/**
 * One fresh database per test file. `ctx()` is a console-admin context; `as(actor)`
 * another one. Use unique names per test so tests in a file do not depend on order.
 */
export function useTestDatabase() {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });
  const db = () => {
    if (!t) throw new Error("test database not ready");
    return t.db;
  };
  return {
    db,
    ctx: (over: Partial<InvitationContext> = {}): InvitationContext => ({
      db: db(),
      actor: { type: "console", userId: "test-admin", role: "admin" },
      instanceSecret: TEST_INSTANCE_SECRET,
      ...over,
    }),
  };
}

let counter = 0;
/** A name unique within the run: `unique("role")` -> `role-1-k3j2`. */
export function unique(prefix: string) {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Awaits a promise that must reject with a DomainError of this code; returns the error. */
export async function expectDomainError(
  promise: Promise<unknown>,
  code: string,
): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected DomainError ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}
