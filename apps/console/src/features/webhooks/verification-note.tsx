/**
 * How a receiver checks that a request came from Guildhall: both signature schemes, briefly.
 * The signing key is the same for both (docs/webhooks.md has code for each).
 */
export function VerificationNote() {
  return (
    <div
      role="note"
      className="grid gap-2 rounded-md border border-border bg-muted/60 p-3 text-sm"
      data-testid="webhook-verification-note"
    >
      <p className="font-medium">Verify every request with this key</p>
      <ul className="grid list-disc gap-1.5 pl-5 text-muted-foreground">
        <li>
          <strong className="font-medium text-foreground">Standard Webhooks</strong>:{" "}
          <code className="font-mono text-xs">webhook-signature</code> is{" "}
          <code className="font-mono text-xs">v1,</code> + base64 HMAC-SHA256 of{" "}
          <code className="font-mono text-xs">{"{webhook-id}.{webhook-timestamp}.{body}"}</code>,
          keyed with the base64 part of the key after{" "}
          <code className="font-mono text-xs">whsec_</code>. Any Standard Webhooks library checks
          it, and the timestamp, with the key as shown.
        </li>
        <li>
          <strong className="font-medium text-foreground">Logto</strong>:{" "}
          <code className="font-mono text-xs">logto-signature-sha-256</code> is the hex HMAC-SHA256
          of the raw body, keyed with the whole key string, so a receiver written for Logto works
          unchanged.
        </li>
      </ul>
      <p className="text-muted-foreground">
        Compare signatures in constant time, over the raw body (before JSON parsing). Retries and
        re-sends keep their <code className="font-mono text-xs">webhook-id</code>: use it to skip
        events you have already handled. Details and examples:{" "}
        <code className="font-mono text-xs">docs/webhooks.md</code>.
      </p>
    </div>
  );
}
