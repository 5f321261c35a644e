import type { Metadata } from "next";
import { ProfileSettings } from "@/features/account/profile-settings";

export const metadata: Metadata = { title: "Your profile" };

export default function AccountProfilePage() {
  return (
    <>
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Profile</h1>
        <p className="text-sm text-muted-foreground">Your name, picture and email address.</p>
      </div>
      <ProfileSettings />
    </>
  );
}
