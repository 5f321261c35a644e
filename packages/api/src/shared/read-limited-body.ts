/** The largest request body either API reads: 1 MiB (tRPC and REST alike). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body up to `maxBytes`, stopping as soon as it is over (a client that
 * streams more never makes the server buffer it). Returns null when the body is too large;
 * the caller answers with its transport's 413.
 *
 * Hand-written: fetch's `Request.text()`/`arrayBuffer()` have no size limit.
 */
export async function readLimitedBody(
  request: Request,
  maxBytes = MAX_BODY_BYTES,
): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: on a clone, cancel settles only once the original body is cancelled too.
      void reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
