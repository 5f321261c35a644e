export {
  CONSOLE_SESSION_IDLE_MS,
  createConsoleSession,
  type CreateConsoleSessionInput,
} from "./create-console-session.ts";
export * from "./get-console-session-user.ts";
export * from "./end-console-session.ts";
