import type { Metadata } from "next";
import { SessionsList } from "@/features/account/sessions-list";

export const metadata: Metadata = { title: "Sessions" };

export default function AccountSessionsPage() {
  return (
    <>
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Sessions</h1>
        <p className="text-sm text-muted-foreground">
          The devices signed in to your account. Sign out any you do not recognise, then change your
          password.
        </p>
      </div>
      <SessionsList />
    </>
  );
}
