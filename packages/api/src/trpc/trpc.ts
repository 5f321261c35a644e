import { errorTransport, isDomainError, type ServiceContext } from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";

/** The signed-in console member, as the console's next-auth session carries it. */
export interface ConsoleSession {
  userId: string;
  email: string;
  consoleRole: "admin" | "collaborator" | null;
}

export interface TrpcContext {
  db: Db;
  session: ConsoleSession | null;
  /** The instance secret (encrypts signing keys at rest); only signing-key rotation needs it. */
  instanceSecret?: string;
  /** Public origin for links in emails (invitations), e.g. `https://id.example.com`. */
  baseUrl?: string;
  /** Called after a procedure queued an email: the outbox worker's `kick()`. */
  onEmailQueued?: () => void;
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

/** DomainError -> TRPCError with the mapped code; anything else stays a 500. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: errorTransport[cause.code].trpc, message: cause.message, cause });
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
        message: role === "admin" ? "Only console admins can do this." : "You are not a console member.",
      });
    }
    const service: ServiceContext = {
      db: ctx.db,
      actor: { type: "console", userId: ctx.session.userId, role: consoleRole },
    };
    return next({ ctx: { ...ctx, service } });
  });
}
