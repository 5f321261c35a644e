/**
 * The Node runtime: signatures checked with `node:crypto` `KeyObject`s prepared once per key, and
 * base64url decoded into reused buffers. This is what keeps verification near raw `crypto.verify`.
 *
 * `node:crypto` is found at run time (through `process.getBuiltinModule`, or a dynamic import on
 * Node without it), never by a static import, so edge bundlers see nothing to resolve.
 *
 * @module
 */
import type { JWK } from "jose";
import type { OrganizationTokenAlgorithm } from "../claims.ts";
import type { VerificationKey } from "../jwks.ts";
import { isCanonicalBase64url } from "./base64url.ts";
import { MAX_TOKEN_LENGTH, type SignatureRuntime } from "./runtime.ts";

// The few node:crypto and node:buffer members used, typed here so no Node types are needed.
interface NodeKeyObject {
  readonly type: string;
}
interface NodeVerifyKey {
  key: NodeKeyObject;
  dsaEncoding?: "ieee-p1363";
  padding?: number;
  saltLength?: number;
}
interface NodeCrypto {
  createPublicKey(input: { key: JWK; format: "jwk" }): NodeKeyObject;
  verify(
    algorithm: string | null,
    data: Uint8Array,
    key: NodeVerifyKey,
    signature: Uint8Array,
  ): boolean;
  constants: { RSA_PKCS1_PSS_PADDING: number; RSA_PKCS1_PADDING: number };
}
interface NodeBytes extends Uint8Array {
  toString(encoding?: "base64url" | "utf8", start?: number, end?: number): string;
  write(input: string, offset: number, encoding: "base64url"): number;
  write(input: string, offset: number, length: number, encoding: "utf8"): number;
  subarray(start: number, end: number): NodeBytes;
}
interface NodeBufferCtor {
  from(input: string, encoding: "base64url"): NodeBytes;
  alloc(size: number): NodeBytes;
}
/** The Node built-ins the runtime needs. */
export interface NodeBindings {
  crypto: NodeCrypto;
  Buffer: NodeBufferCtor;
}
interface ProcessLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

function toNodeBindings(cryptoModule: unknown, bufferModule: unknown): NodeBindings | undefined {
  const c = cryptoModule as Partial<NodeCrypto> | undefined;
  const b = bufferModule as { Buffer?: Partial<NodeBufferCtor> } | undefined;
  if (
    typeof c?.createPublicKey !== "function" ||
    typeof c.verify !== "function" ||
    typeof c.constants?.RSA_PKCS1_PSS_PADDING !== "number" ||
    typeof b?.Buffer?.from !== "function" ||
    typeof b.Buffer.alloc !== "function"
  ) {
    return undefined;
  }
  return { crypto: c as NodeCrypto, Buffer: b.Buffer as NodeBufferCtor };
}

/** True on Node (and on Bun and Deno, which report a Node version). */
export function isNodeProcess(): boolean {
  return typeof (globalThis as { process?: ProcessLike }).process?.versions?.node === "string";
}

let nodeBindings: NodeBindings | null | undefined; // undefined: not looked up yet; null: absent

/** node:crypto through `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), or `null`. */
export function nodeBindingsSync(): NodeBindings | null {
  if (nodeBindings !== undefined) return nodeBindings;
  const proc = (globalThis as { process?: ProcessLike }).process;
  const getBuiltin = proc?.getBuiltinModule;
  if (typeof proc?.versions?.node !== "string" || typeof getBuiltin !== "function") {
    // Older Node may still get there asynchronously, see nodeBindingsAsync.
    return null;
  }
  try {
    nodeBindings =
      toNodeBindings(getBuiltin.call(proc, "node:crypto"), getBuiltin.call(proc, "node:buffer")) ??
      null;
  } catch {
    nodeBindings = null;
  }
  return nodeBindings;
}

let nodeBindingsPromise: Promise<NodeBindings | null> | undefined;

/** Same as nodeBindingsSync, plus a dynamic import for Node versions without getBuiltinModule. */
export function nodeBindingsAsync(): Promise<NodeBindings | null> {
  const sync = nodeBindingsSync();
  if (sync !== null) return Promise.resolve(sync);
  if (!isNodeProcess()) return Promise.resolve(null);
  nodeBindingsPromise ??= (async () => {
    // Specifiers in variables, so bundlers do not try to resolve them for the edge.
    const cryptoId = "node:crypto";
    const bufferId = "node:buffer";
    try {
      const [c, b] = (await Promise.all([
        import(/* webpackIgnore: true */ /* @vite-ignore */ cryptoId),
        import(/* webpackIgnore: true */ /* @vite-ignore */ bufferId),
      ])) as unknown[];
      nodeBindings = toNodeBindings(c, b) ?? null;
    } catch {
      nodeBindings = null;
    }
    return nodeBindings;
  })();
  return nodeBindingsPromise;
}

interface NodePrepared {
  readonly hash: string | null;
  readonly key: NodeVerifyKey;
}

const HASH: Record<OrganizationTokenAlgorithm, string | null> = {
  ES256: "sha256",
  ES384: "sha384",
  EdDSA: null,
  RS256: "sha256",
  PS256: "sha256",
};

/** A Node runtime with its own key cache and scratch buffers (one per verifier). */
export function createNodeRuntime(bindings: NodeBindings): SignatureRuntime {
  const { crypto, Buffer } = bindings;
  const inputScratch = Buffer.alloc(MAX_TOKEN_LENGTH);
  const signatureScratch = Buffer.alloc(1024);
  const textScratch = Buffer.alloc(MAX_TOKEN_LENGTH);
  const prepared = new WeakMap<
    VerificationKey,
    Partial<Record<OrganizationTokenAlgorithm, NodePrepared>>
  >();

  function prepare(key: VerificationKey, alg: OrganizationTokenAlgorithm): NodePrepared {
    let byAlg = prepared.get(key);
    const hit = byAlg?.[alg];
    if (hit !== undefined) return hit;
    const keyObject = crypto.createPublicKey({ key: key.jwk, format: "jwk" });
    let verifyKey: NodeVerifyKey;
    switch (alg) {
      case "ES256":
      case "ES384":
        verifyKey = { key: keyObject, dsaEncoding: "ieee-p1363" };
        break;
      case "PS256":
        verifyKey = {
          key: keyObject,
          padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32,
        };
        break;
      case "RS256":
        verifyKey = { key: keyObject, padding: crypto.constants.RSA_PKCS1_PADDING };
        break;
      case "EdDSA":
        verifyKey = { key: keyObject };
        break;
    }
    const entry: NodePrepared = { hash: HASH[alg], key: verifyKey };
    if (byAlg === undefined) {
      byAlg = {};
      prepared.set(key, byAlg);
    }
    byAlg[alg] = entry;
    return entry;
  }

  return {
    name: "node",
    decodeText(segment) {
      if (segment.length > MAX_TOKEN_LENGTH)
        return Buffer.from(segment, "base64url").toString("utf8");
      return textScratch.toString("utf8", 0, textScratch.write(segment, 0, "base64url"));
    },
    decodeSignature(segment, length) {
      if (!isCanonicalBase64url(segment, length)) return undefined;
      if (length > signatureScratch.length) return Buffer.from(segment, "base64url");
      // Reused buffer: verify() consumes it synchronously right after.
      return signatureScratch.subarray(0, signatureScratch.write(segment, 0, "base64url"));
    },
    verify(key, alg, token, signingInputEnd, signature) {
      const { hash, key: verifyKey } = prepare(key, alg);
      // UTF-8, not latin1: a non-ASCII character must change the bytes (and break the signature),
      // never map onto an ASCII byte. All-ASCII input writes exactly signingInputEnd bytes.
      if (inputScratch.write(token, 0, signingInputEnd, "utf8") !== signingInputEnd) return false;
      return crypto.verify(hash, inputScratch.subarray(0, signingInputEnd), verifyKey, signature);
    },
  };
}
