import type { AccountFlowOptions } from "@guildhall/core";
import { TRPCError } from "@trpc/server";
import type { TrpcContext } from "./trpc.ts";

/**
 * What core's account flows need from the server (never from the request): the public base
 * URL for links in emails, the instance secret that seals codes, the caller's address, and
 * the outbox worker's kick.
 */
export function accountFlowOptions(ctx: TrpcContext): AccountFlowOptions {
  if (!ctx.baseUrl || !ctx.instanceSecret)
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "BASE_URL or the instance secret is not configured.",
    });
  return {
    baseUrl: ctx.baseUrl,
    instanceSecret: ctx.instanceSecret,
    ip: ctx.ip ?? null,
    onEmailQueued: ctx.onEmailQueued,
  };
}
