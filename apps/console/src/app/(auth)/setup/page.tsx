import { getSetupStatus } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Guildhall" };

export default async function SetupPage() {
  await connection(); // Depends on the database at request time, never prerendered.
  // Closed once the first admin exists.
  if (!(await getSetupStatus(getDb())).needsSetup) redirect("/sign-in");
  return (
    <div className="grid gap-5">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Welcome to Guildhall</h1>
        <p className="text-sm text-muted-foreground">
          Create the first console admin. You can invite your team as console members afterwards.
        </p>
      </div>
      <SetupForm />
    </div>
  );
}
