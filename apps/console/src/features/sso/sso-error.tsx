/** An SSO failure, said plainly, with the way back. */
export function SsoError({ message }: { message: string }) {
  return (
    <div className="grid gap-4" data-testid="sso-error">
      <h1 className="text-xl font-semibold">Single sign-on failed</h1>
      <p role="alert" className="text-sm text-muted-foreground" data-testid="sso-error-message">
        {message}
      </p>
      <a
        className="text-sm font-medium text-primary underline-offset-4 hover:underline"
        href="/sign-in"
        data-testid="sso-back-to-sign-in"
      >
        Back to sign in
      </a>
    </div>
  );
}
