"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCurrentUser } from "@/components/shell/current-user";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { RETENTION_SETTINGS_HREF } from "./retention-settings";

/** "Entries are kept for 180 days", and for admins where to change it. */
export function RetentionNote() {
  const trpc = useTRPC();
  const admin = useCurrentUser().consoleRole === "admin";
  const { data } = useQuery(trpc.instanceSettings.get.queryOptions());
  if (!data) return null;
  return (
    <span data-testid="audit-retention">
      Entries are kept for {plural(data.auditLogRetentionDays, "day")}.
      {admin ? (
        <>
          {" "}
          <Link href={RETENTION_SETTINGS_HREF} className="underline">
            Change retention
          </Link>
        </>
      ) : null}
    </span>
  );
}
