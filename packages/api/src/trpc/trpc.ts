import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  errorTransport,
  isDatabaseUnavailable,
  isDomainError,
  type DomainError,
  type ServiceContext,
  type WebAuthnRp,
} from "@guildhall/core";
import type { Db } from "@guildhall/db";
import type { EmailTransportInfo } from "@guildhall/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";

/** The signed-in console member, as the console's next-auth session carries it. */
export interface ConsoleSession {
  userId: string;
  /** Null for a user who signed in with a username and has no email. */
  email: string | null;
  consoleRole: "admin" | "collaborator" | null;
  /** The console session's token (the cookie's `sid`): tells this session from the user's others. */
  sessionToken?: string | null;
}

export interface TrpcContext {
  db: Db;
  session: ConsoleSession | null;
  /** The instance secret: encrypts signing keys and outbox emails (invitation links) at rest. */
  instanceSecret?: string;
  /** Public origin for links in emails (invitations), e.g. `https://id.example.com`. */
  baseUrl?: string;
  /** Called after a procedure queued an email: the outbox worker's `kick()`. */
  onEmailQueued?: () => void;
  /** How the server delivers email (`describeEmailTransport`): the Email settings page. */
  emailTransport?: EmailTransportInfo;
  /** The caller's address (`clientIp`), for core's per-IP throttles. */
  ip?: string | null;
  /** This instance as a WebAuthn relying party (passkey enrolment on the account page). */
  webAuthn?: WebAuthnRp;
  /** WEBHOOK_ALLOWED_HOSTS: hosts a webhook test send may reach despite the private-address filter. */
  webhookAllowedHosts?: readonly string[];
}

export function createTrpcContext(opts: TrpcContext): TrpcContext {
  return opts;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Stable domain code and details (e.g. field issues) for forms to show.
        domainCode: isDomainError(cause) ? cause.code : null,
        domainData: isDomainError(cause) ? (cause.data ?? null) : null,
      },
    };
  },
});

/** A DomainError, or a database outage read as one; null for anything else. */
function asDomainError(error: unknown): DomainError | null {
  if (isDomainError(error)) return error;
  return isDatabaseUnavailable(error) ? databaseUnavailable(error) : null;
}

/**
 * Any error as the TRPCError to answer with: a DomainError with its mapped code, a database
 * outage as SERVICE_UNAVAILABLE (503), anything else a 500. For errors thrown outside a
 * procedure, e.g. by the session lookup in `createContext`, which tRPC would otherwise
 * report as a 500.
 */
export function toTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  const domain = asDomainError(error);
  if (domain)
    return new TRPCError({
      code: errorTransport[domain.code].trpc,
      message: domain.message,
      cause: domain,
    });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
}

/**
 * `responseMeta` for the HTTP adapter: a 503 (database unavailable) carries `Retry-After`.
 * @example fetchRequestHandler({ ..., responseMeta: trpcResponseMeta })
 */
export function trpcResponseMeta({ errors }: { errors: readonly TRPCError[] }): {
  headers?: Record<string, string>;
} {
  return errors.some((error) => error.code === "SERVICE_UNAVAILABLE")
    ? { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } }
    : {};
}

/** DomainError (or a database outage) -> TRPCError with the mapped code; anything else stays a 500. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const domain = asDomainError(result.error.cause);
    if (domain)
      throw new TRPCError({
        code: errorTransport[domain.code].trpc,
        message: domain.message,
        cause: domain,
      });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

/** A signed-in user (any account). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/**
 * A console member with at least `role`. The service also checks (authorization lives in
 * core); this gate gives a clean 403 before any work and builds the service context.
 */
export function consoleProcedure(role: "admin" | "collaborator" = "collaborator") {
  return protectedProcedure.use(({ ctx, next }) => {
    const consoleRole = ctx.session.consoleRole;
    if (!consoleRole || (role === "admin" && consoleRole !== "admin")) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message:
          role === "admin" ? "Only console admins can do this." : "You are not a console member.",
      });
    }
    const service: ServiceContext = {
      db: ctx.db,
      actor: { type: "console", userId: ctx.session.userId, role: consoleRole },
    };
    return next({ ctx: { ...ctx, service } });
  });
}
