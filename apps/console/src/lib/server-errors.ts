import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

/** Runs a server-side tRPC call; a missing (or malformed) id becomes the 404 page. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
}
