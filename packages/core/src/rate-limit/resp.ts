// A minimal Redis client speaking RESP2 over node:net (or node:tls for rediss://): enough for
// the rate limiter (EVAL), with AUTH and SELECT from the URL. Commands are pipelined on one
// connection; replies come back in order. No dependency.
import type { Socket } from "node:net";

export type RespValue = string | number | null | RespValue[];

export class RespError extends Error {
  override readonly name = "RespError";
}

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const value = Buffer.from(String(arg));
    parts.push(Buffer.from(`$${value.length}\r\n`), value, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

type Parsed = { value: RespValue | RespError; next: number };

/**
 * Parses one reply starting at `offset`; `null` when the buffer does not hold all of it yet.
 * Error replies come back as `RespError` values (not thrown), so one failed command does not
 * desynchronise the ones after it.
 */
export function parseReply(buffer: Buffer, offset = 0): Parsed | null {
  if (offset >= buffer.length) return null;
  const lineEnd = buffer.indexOf("\r\n", offset);
  if (lineEnd === -1) return null;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString("utf8", offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, next: afterLine };
    case "-":
      return { value: new RespError(line), next: afterLine };
    case ":":
      return { value: Number(line), next: afterLine };
    case "$": {
      const length = Number(line);
      if (length === -1) return { value: null, next: afterLine };
      if (buffer.length < afterLine + length + 2) return null;
      return {
        value: buffer.toString("utf8", afterLine, afterLine + length),
        next: afterLine + length + 2,
      };
    }
    case "*": {
      const count = Number(line);
      if (count === -1) return { value: null, next: afterLine };
      const items: RespValue[] = [];
      let next = afterLine;
      for (let i = 0; i < count; i += 1) {
        const item = parseReply(buffer, next);
        if (!item) return null;
        if (item.value instanceof RespError)
          return { value: item.value, next: skipRest(buffer, item.next, count - i - 1) };
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new RespError(`Unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}

function skipRest(buffer: Buffer, offset: number, count: number): number {
  let next = offset;
  for (let i = 0; i < count; i += 1) {
    const item = parseReply(buffer, next);
    if (!item) return buffer.length;
    next = item.next;
  }
  return next;
}

interface Pending {
  resolve: (value: RespValue) => void;
  reject: (error: Error) => void;
}

export interface RespClientOptions {
  /** Connect and per-command timeout. Default 2000 ms. */
  timeoutMs?: number;
}

/** One lazily opened, pipelined connection to the Redis server of a `redis://` or `rediss://` URL. */
export class RespClient {
  readonly #url: URL;
  readonly #timeoutMs: number;
  #socket: Socket | undefined;
  #connecting: Promise<Socket> | undefined;
  #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;

  constructor(url: string, options: RespClientOptions = {}) {
    this.#url = new URL(url);
    if (this.#url.protocol !== "redis:" && this.#url.protocol !== "rediss:") {
      throw new Error(
        `REDIS_URL must start with redis:// or rediss://, got ${this.#url.protocol}//`,
      );
    }
    this.#timeoutMs = options.timeoutMs ?? 2000;
  }

  /** Sends one command; resolves with its reply, rejects with a RespError reply or a connection error. */
  async command(args: readonly (string | number)[]): Promise<RespValue> {
    if (this.#closed) throw new Error("Redis client is closed");
    const socket = await this.#connect();
    return this.#send(socket, args);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const socket = this.#socket ?? (await this.#connecting?.catch(() => undefined));
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.end();
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 200).unref();
    });
  }

  #send(socket: Socket, args: readonly (string | number)[]): Promise<RespValue> {
    return new Promise<RespValue>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      socket.setTimeout(this.#timeoutMs);
      socket.write(encodeCommand(args));
    });
  }

  #connect(): Promise<Socket> {
    if (this.#socket && !this.#socket.destroyed) return Promise.resolve(this.#socket);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<Socket> {
    const url = this.#url;
    const host = url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
    const port = Number(url.port || 6379);
    const tls = url.protocol === "rediss:";
    const socket: Socket = tls
      ? (await import("node:tls")).connect({ host, port, servername: host })
      : (await import("node:net")).connect({ host, port });
    socket.unref();
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`Redis at ${host}:${port} did not answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      socket.once(tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("timeout", () => {
      if (this.#pending.length)
        socket.destroy(new Error(`Redis did not answer within ${this.#timeoutMs} ms`));
      else socket.setTimeout(0);
    });
    socket.on("error", () => undefined);
    socket.on("close", () => this.#onClose(socket));
    this.#socket = socket;
    this.#buffer = Buffer.alloc(0);
    // AUTH and SELECT go first on the new connection; their replies are awaited like any other.
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const database = url.pathname.replace(/^\//, "");
    try {
      if (password) await this.#send(socket, user ? ["AUTH", user, password] : ["AUTH", password]);
      if (database && database !== "0") await this.#send(socket, ["SELECT", database]);
    } catch (error) {
      socket.destroy();
      throw error;
    }
    return socket;
  }

  #onData(chunk: Buffer) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      let parsed: Parsed | null;
      try {
        parsed = parseReply(this.#buffer, offset);
      } catch (error) {
        this.#socket?.destroy(error as Error);
        return;
      }
      if (!parsed) break;
      offset = parsed.next;
      const pending = this.#pending.shift();
      if (!pending) continue;
      if (parsed.value instanceof RespError) pending.reject(parsed.value);
      else pending.resolve(parsed.value);
    }
    this.#buffer = offset >= this.#buffer.length ? Buffer.alloc(0) : this.#buffer.subarray(offset);
    if (this.#pending.length === 0) this.#socket?.setTimeout(0);
  }

  #onClose(socket: Socket) {
    if (this.#socket === socket) this.#socket = undefined;
    const pending = this.#pending;
    this.#pending = [];
    const error = new Error("Redis connection closed");
    for (const p of pending) p.reject(error);
  }
}
