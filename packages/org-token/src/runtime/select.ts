/**
 * Picks a verifier's runtime: `"auto"` takes Node's `node:crypto` when it is there and jose (Web
 * Crypto) otherwise; `"node"` and `"jose"` force one.
 *
 * @module
 */
import type { VerifierEngine } from "../verify/types.ts";
import { createNodeRuntime, isNodeProcess, nodeBindingsAsync, nodeBindingsSync } from "./node.ts";
import type { SignatureRuntime } from "./runtime.ts";
import { createWebRuntime } from "./web.ts";

/** A verifier's runtime, chosen at once where possible and otherwise on first use. */
export interface RuntimeSelection {
  /**
   * The runtime, once chosen. Set from the start except with `"auto"` on a Node without
   * `process.getBuiltinModule`, where `node:crypto` can only be imported asynchronously.
   */
  readonly current: SignatureRuntime | undefined;
  /** Chooses the runtime if `current` is not set yet (once; concurrent calls share it). */
  load(): Promise<SignatureRuntime>;
  /** The name of `current`, or before it is chosen, the name it is expected to have. */
  readonly name: "node" | "jose";
}

class Selection implements RuntimeSelection {
  current: SignatureRuntime | undefined;
  #loading: Promise<SignatureRuntime> | undefined;

  constructor(current: SignatureRuntime | undefined) {
    this.current = current;
  }

  load(): Promise<SignatureRuntime> {
    if (this.current !== undefined) return Promise.resolve(this.current);
    this.#loading ??= nodeBindingsAsync().then((bindings) => {
      this.current = bindings === null ? createWebRuntime() : createNodeRuntime(bindings);
      return this.current;
    });
    return this.#loading;
  }

  get name(): "node" | "jose" {
    return this.current?.name ?? (isNodeProcess() ? "node" : "jose");
  }
}

/**
 * Chooses the runtime for `requested`. Throws `TypeError` when `"node"` is requested and
 * `node:crypto` cannot be reached synchronously.
 */
export function selectRuntime(requested: VerifierEngine): RuntimeSelection {
  if (requested === "jose") return new Selection(createWebRuntime());
  const bindings = nodeBindingsSync();
  if (bindings !== null) return new Selection(createNodeRuntime(bindings));
  if (requested === "node")
    throw new TypeError('engine "node" requested but node:crypto is not available');
  return new Selection(undefined);
}
