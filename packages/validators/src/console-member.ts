import { z } from "zod";
import { email, id, password, text } from "./common.ts";

export const consoleRole = z.enum(["admin", "collaborator"]);
export type ConsoleRole = z.infer<typeof consoleRole>;

export const consoleMember = z.object({
  userId: z.string(),
  email: z.string().nullable(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  role: consoleRole,
  createdAt: z.date(),
});
export type ConsoleMember = z.infer<typeof consoleMember>;

export const setConsoleMemberInput = z.object({ userId: id, role: consoleRole });
export type SetConsoleMemberInput = z.input<typeof setConsoleMemberInput>;

export const consoleMemberRef = z.object({ userId: id });
export type ConsoleMemberRef = z.input<typeof consoleMemberRef>;

/** First-run setup: the first console admin. */
export const setupInput = z.object({
  email,
  name: text().trim().min(1, "Name is required").max(128),
  password,
});
export type SetupInput = z.input<typeof setupInput>;

export const setupStatus = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatus>;

/** Who signed in: what the console session keeps. */
export const signedInUser = z.object({
  id: z.string(),
  /** Null for a user who has only a username (Logto's users need no email). */
  email: z.string().nullable(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  consoleRole: consoleRole.nullable(),
});
export type SignedInUser = z.infer<typeof signedInUser>;
