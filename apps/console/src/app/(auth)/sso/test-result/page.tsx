import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { openTestResult } from "@/features/sso/handoff";
import { SsoError } from "@/features/sso/sso-error";

export const metadata: Metadata = { title: "Connection test" };

/** A console "test connection": what the IdP sent. Nobody was signed in. */
export default async function SsoTestResultPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { r } = await searchParams;
  const result = openTestResult(r);
  if (!result || !(await getSessionUser())?.consoleRole)
    return (
      <SsoError message="This test result has expired or is not yours to see. Run the test again from the console." />
    );
  return (
    <div className="grid gap-4" data-testid="sso-test-result">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Connection works</h1>
        <p className="text-sm text-muted-foreground">
          The identity provider signed in{" "}
          <span className="font-medium text-foreground">{result.subject}</span> and sent these
          claims. Nobody was signed in to Guildhall.
        </p>
      </div>
      <pre
        className="max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs"
        data-testid="sso-test-claims"
      >
        {JSON.stringify(result.claims, null, 2)}
      </pre>
    </div>
  );
}
