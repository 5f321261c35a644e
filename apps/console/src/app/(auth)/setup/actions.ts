"use server";

import { completeSetup, isDomainError } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { setupInput, type SetupInput } from "@guildhall/validators";

export type SetupResult =
  | { ok: true }
  | {
      ok: false;
      code: string | null;
      message: string;
      issues: { path: string; message: string }[];
    };

/** Creates the first console admin. Fails with `setup.already_completed` once one exists. */
export async function completeSetupAction(input: SetupInput): Promise<SetupResult> {
  const parsed = setupInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join("."),
      message: i.message,
    }));
    return {
      ok: false,
      code: "guard.invalid_input",
      message: "Check the highlighted fields.",
      issues,
    };
  }
  try {
    await completeSetup(getDb(), parsed.data);
    return { ok: true };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const raw = error.data?.issues;
    const issues = Array.isArray(raw)
      ? raw.flatMap((i: unknown) => {
          const { path, message } = (i ?? {}) as { path?: unknown; message?: unknown };
          return typeof message === "string"
            ? [
                {
                  path: Array.isArray(path)
                    ? path.map(String).join(".")
                    : typeof path === "string"
                      ? path
                      : "",
                  message,
                },
              ]
            : [];
        })
      : [];
    return { ok: false, code: error.code, message: error.message, issues };
  }
}
