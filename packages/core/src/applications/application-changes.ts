/**
 * Tells this process that an application changed, was deleted, or gained or lost a global
 * role: the OIDC service stops reusing the client metadata it read, and the Management API
 * re-checks the application's access on its next request (other processes notice within
 * their short cache windows).
 */
import { processSingleton } from "@guildhall/db";

type Listener = (applicationId: string) => void;

// Per process: the console's route handlers (bundled by Next) and the server's OIDC service
// load separate copies of this module, and both must share one set of listeners.
const listeners = processSingleton(
  "guildhall.applicationChangeListeners",
  () => new Set<Listener>(),
);

/** Calls `listener` with the id of every application changed, deleted or given/taken a role from now on; returns the unsubscribe. */
export function onApplicationChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs after the change has committed. A failing listener does not affect the others or the caller. */
export function notifyApplicationChanged(applicationId: string): void {
  for (const listener of listeners) {
    try {
      listener(applicationId);
    } catch (error) {
      console.error("[applications] change listener failed", error);
    }
  }
}
