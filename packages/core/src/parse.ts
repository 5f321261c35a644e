import type { z } from "zod";
import { DomainError } from "./errors.ts";

/**
 * Validates service input with the shared schema. Every issue is reported with its path
 * so a form can show it beside the field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  const first = issues[0];
  const where = first && first.path.length ? `${first.path.join(".")}: ` : "";
  throw new DomainError("guard.invalid_input", `${where}${first?.message ?? "Invalid input"}`, {
    issues,
  });
}
