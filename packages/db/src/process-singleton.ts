/**
 * One value per process, however many copies of the calling module are loaded.
 *
 * The server (`apps/console/server.ts`, run by tsx) and the Next bundle each load their own
 * copy of a workspace module, so a module-level variable exists twice: a database pool, a
 * set of listeners or the outbox worker registered by one would be invisible to the other.
 * Keeping the value on `globalThis` under a `Symbol.for` key (the same symbol in every copy,
 * and no clash with anything else's properties) gives both the same one.
 *
 * @example
 * const listeners = processSingleton("guildhall.applicationChangeListeners", () => new Set<Listener>());
 */
export function processSingleton<T>(key: string, create: () => T): T {
  const holder = globalThis as Record<symbol, unknown>;
  const symbol = Symbol.for(key);
  if (!(symbol in holder)) holder[symbol] = create();
  return holder[symbol] as T;
}
