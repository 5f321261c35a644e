import type { Metadata } from "next";
import { VerifyEmailLink } from "@/features/sign-up/verify-email-link";

export const metadata: Metadata = { title: "Verify your email", robots: { index: false } };
// The token is a credential: never cache a render of it.
export const dynamic = "force-dynamic";

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token.length === 0)
    return (
      <div className="grid gap-3 text-center" data-testid="verify-link-invalid">
        <h1 className="text-xl font-semibold">This link is incomplete</h1>
        <p className="text-sm text-muted-foreground">
          Open the whole link from the email. You can also type the 6-digit code it contains.
        </p>
      </div>
    );
  return <VerifyEmailLink token={token} />;
}
