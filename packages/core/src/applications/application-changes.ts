/**
 * Tells this process's OIDC service that an application changed, so it stops reusing the
 * client metadata it read (other processes notice within the adapter's short cache window).
 */
type Listener = (applicationId: string) => void;

// On globalThis: the console's route handlers (bundled by Next) and the server's OIDC
// service load separate copies of this module, and both must share one set of listeners.
const registryKey = Symbol.for("guildhall.applicationChangeListeners");
const holder = globalThis as { [registryKey]?: Set<Listener> };
const listeners = (holder[registryKey] ??= new Set<Listener>());

/** Calls `listener` with the id of every application changed or deleted from now on; returns the unsubscribe. */
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
