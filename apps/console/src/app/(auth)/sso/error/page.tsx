import type { Metadata } from "next";
import { openErrorMessage } from "@/features/sso/handoff";
import { SsoError } from "@/features/sso/sso-error";

export const metadata: Metadata = { title: "Single sign-on failed" };

export default async function SsoErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { r } = await searchParams;
  return <SsoError message={openErrorMessage(r) ?? "Single sign-on failed. Start it again."} />;
}
