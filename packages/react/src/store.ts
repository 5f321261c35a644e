import { GuildhallApiError } from "./client.ts";

/** What a hook returns about data it reads from Guildhall. */
export interface ResourceState<T> {
  data: T | undefined;
  error: GuildhallApiError | undefined;
  /** True while a request is in flight (with `data` still holding the previous answer, if any). */
  loading: boolean;
}

export type Loader<T> = (signal: AbortSignal) => Promise<T>;

interface Entry {
  state: ResourceState<unknown>;
  listeners: Set<() => void>;
  loader: Loader<unknown> | undefined;
  controller: AbortController | undefined;
}

/** Not asked for yet: hooks render it as loading, since their effect asks right away. */
const PENDING: ResourceState<never> = Object.freeze({
  data: undefined,
  error: undefined,
  loading: true,
});

function asApiError(error: unknown): GuildhallApiError {
  if (error instanceof GuildhallApiError) return error;
  return new GuildhallApiError(
    0,
    "unexpected_error",
    error instanceof Error ? error.message : "Something went wrong.",
    { cause: error },
  );
}

/**
 * Answers from Guildhall, by key, shared by every component of one provider: the switcher and
 * the permission checks read one list of organizations, and a change reloads what it affects
 * (`invalidate`). Snapshots are immutable, for `useSyncExternalStore`.
 */
export class ResourceStore {
  private readonly entries = new Map<string, Entry>();

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { state: PENDING, listeners: new Set(), loader: undefined, controller: undefined };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private set(entry: Entry, state: ResourceState<unknown>) {
    entry.state = state;
    for (const listener of [...entry.listeners]) listener();
  }

  subscribe(key: string, listener: () => void): () => void {
    const entry = this.entry(key);
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  getState<T>(key: string): ResourceState<T> {
    return (this.entries.get(key)?.state ?? PENDING) as ResourceState<T>;
  }

  /** Loads `key` unless it has an answer or a request in flight. */
  ensure<T>(key: string, loader: Loader<T>): void {
    const entry = this.entry(key);
    entry.loader = loader;
    if (entry.controller || entry.state.data !== undefined || entry.state.error) return;
    void this.load(entry);
  }

  /** Loads `key` again (a request in flight is abandoned for the new one). */
  reload(key: string): Promise<void> {
    const entry = this.entries.get(key);
    return entry?.loader ? this.load(entry) : Promise.resolve();
  }

  /** Reloads every key `matches` picks that a component shows; forgets the others. */
  invalidate(matches: (key: string) => boolean): Promise<void> {
    const reloads: Promise<void>[] = [];
    for (const [key, entry] of this.entries) {
      if (!matches(key)) continue;
      if (entry.listeners.size > 0 && entry.loader) reloads.push(this.load(entry));
      else {
        entry.controller?.abort();
        entry.controller = undefined;
        this.entries.delete(key);
      }
    }
    return Promise.all(reloads).then(() => undefined);
  }

  private async load(entry: Entry): Promise<void> {
    const loader = entry.loader;
    if (!loader) return;
    entry.controller?.abort();
    const controller = new AbortController();
    entry.controller = controller;
    this.set(entry, { data: entry.state.data, error: undefined, loading: true });
    try {
      const data = await loader(controller.signal);
      if (entry.controller !== controller) return;
      entry.controller = undefined;
      this.set(entry, { data, error: undefined, loading: false });
    } catch (error) {
      if (entry.controller !== controller) return; // superseded or forgotten
      entry.controller = undefined;
      this.set(entry, { data: entry.state.data, error: asApiError(error), loading: false });
    }
  }
}
