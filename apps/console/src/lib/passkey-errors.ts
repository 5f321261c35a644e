/**
 * What to tell the user when the browser's passkey prompt fails. The browser reports a
 * cancelled prompt, a timeout and "no passkey for this site" all as NotAllowedError
 * (deliberately, so sites cannot probe for credentials), hence one message for those.
 */
export function passkeyErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError")
    return "This passkey is already registered to your account.";
  if (name === "NotAllowedError" || code === "ERROR_CEREMONY_ABORTED" || name === "AbortError")
    return "The passkey prompt was closed or timed out. Try again.";
  if (code === "ERROR_INVALID_DOMAIN" || code === "ERROR_INVALID_RP_ID" || name === "SecurityError")
    return "Passkeys do not work on this address. Open Guildhall at its public URL.";
  if (name === "NotSupportedError") return "This browser or device cannot use passkeys here.";
  return "The passkey could not be used. Try again.";
}
