import { Activity, Building2, CheckCircle2, Circle, Shapes, UserCheck, Users } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { getServerCaller } from "@/trpc/server";
import type { RouterOutputs } from "@/trpc/types";

type AuditEntry = RouterOutputs["overview"]["get"]["recentActivity"][number];

/** Read-only, so a server component: counts, the getting-started checklist, recent activity. */
export async function Overview() {
  const caller = await getServerCaller();
  const { counts, checklist, recentActivity } = await caller.overview.get();

  const stats: { label: string; value: number; href: string; icon: ReactNode; testId: string }[] = [
    {
      label: "Organizations",
      value: counts.organizations,
      href: "/organizations",
      icon: <Building2 aria-hidden />,
      testId: "stat-organizations",
    },
    {
      label: "Users",
      value: counts.users,
      href: "/users",
      icon: <Users aria-hidden />,
      testId: "stat-users",
    },
    {
      label: "Memberships",
      value: counts.members,
      href: "/organizations",
      icon: <UserCheck aria-hidden />,
      testId: "stat-members",
    },
    {
      label: "Template roles",
      value: counts.roles,
      href: "/template/roles",
      icon: <Shapes aria-hidden />,
      testId: "stat-roles",
    },
  ];

  const steps: {
    done: boolean;
    title: string;
    description: string;
    href: string;
    action: string;
  }[] = [
    {
      done: checklist.templateDefined,
      title: "Define the organization template",
      description:
        "Create permissions (invite:member, read:content…) and roles that bundle them. Every organization shares them.",
      href: "/template/permissions",
      action: "Open the template",
    },
    {
      done: checklist.organizationCreated,
      title: "Create an organization",
      description: "One per customer: a company, team or workspace.",
      href: "/organizations",
      action: "Create an organization",
    },
    {
      done: checklist.memberAdded,
      title: "Add a member",
      description: "Open an organization's Members tab, add a user and give them a role.",
      href: "/organizations",
      action: "Add a member",
    },
  ];
  const done = steps.filter((s) => s.done).length;

  return (
    <>
      <PageHeader title="Overview" description="Your Guildhall tenant at a glance." />
      <div className="grid gap-6">
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Counts">
          {stats.map((s) => (
            <li key={s.label}>
              <Link
                href={s.href}
                className="flex items-center gap-4 rounded-lg border border-border bg-card p-4 transition-colors hover:bg-muted/60"
                data-testid={s.testId}
              >
                <span className="flex size-10 items-center justify-center rounded-md bg-accent text-accent-foreground [&_svg]:size-5">
                  {s.icon}
                </span>
                <span className="grid">
                  <span className="text-2xl font-semibold tabular-nums">
                    {s.value.toLocaleString("en")}
                  </span>
                  <span className="text-sm text-muted-foreground">{s.label}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader
              title="Getting started"
              description={
                done === steps.length
                  ? "All done. Your tenant is set up."
                  : `${done} of ${steps.length} steps done.`
              }
            />
            <ol className="grid gap-3" data-testid="getting-started">
              {steps.map((step) => (
                <li
                  key={step.title}
                  className="flex items-start gap-3 rounded-md border border-border p-3"
                  data-done={step.done}
                >
                  {step.done ? (
                    <CheckCircle2
                      className="mt-0.5 size-5 shrink-0 text-success"
                      aria-label="Done"
                    />
                  ) : (
                    <Circle
                      className="mt-0.5 size-5 shrink-0 text-muted-foreground"
                      aria-label="To do"
                    />
                  )}
                  <div className="grid flex-1 gap-1">
                    <span
                      className={
                        step.done ? "font-medium text-muted-foreground line-through" : "font-medium"
                      }
                    >
                      {step.title}
                    </span>
                    <span className="text-sm text-muted-foreground">{step.description}</span>
                  </div>
                  {step.done ? null : (
                    <Link
                      href={step.href}
                      className="shrink-0 text-sm font-medium text-primary hover:underline"
                    >
                      {step.action}
                    </Link>
                  )}
                </li>
              ))}
            </ol>
          </Card>

          <Card>
            <CardHeader title="Recent activity" description="The latest changes, newest first." />
            {recentActivity.length === 0 ? (
              <p className="flex items-center gap-2 text-sm text-muted-foreground">
                <Activity className="size-4" aria-hidden /> Nothing has happened yet.
              </p>
            ) : (
              <ul className="grid divide-y divide-border" data-testid="recent-activity">
                {recentActivity.map((entry) => (
                  <li
                    key={entry.id}
                    className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 py-2 text-sm"
                  >
                    <ActivityLabel entry={entry} />
                    <time
                      className="text-xs text-muted-foreground"
                      dateTime={entry.createdAt.toISOString()}
                    >
                      {formatDateTime(entry.createdAt)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

type Ref = NonNullable<AuditEntry["target"]>;

/** The console page of something an entry names; null when it has none (or is gone). */
function hrefOf(ref: Ref, organizationId: string | null): string | null {
  if (ref.name === null) return null;
  switch (ref.type) {
    case "user":
      return `/users/${ref.id}`;
    case "application":
      return `/applications/${ref.id}`;
    case "organization":
      return `/organizations/${ref.id}`;
    case "organization_role":
      return "/template/roles";
    case "organization_permission":
      return "/template/permissions";
    case "role":
      return `/roles/${ref.id}`;
    case "api_resource":
      return `/api-resources/${ref.id}`;
    case "sso_connector":
      return `/sso-connectors/${ref.id}`;
    case "invitation":
      return organizationId ? `/organizations/${organizationId}/invitations` : null;
    default:
      return null;
  }
}

/** "organization_role" -> "organization role". */
const kindLabel = (type: string) => type.replace(/_/g, " ");

/** A name, linked to its page when it still exists; its kind and id when it has no name. */
function RefLink({ entity, organizationId }: { entity: Ref; organizationId: string | null }) {
  const text = entity.name ?? `${kindLabel(entity.type)} ${entity.id}`;
  const href = hrefOf(entity, organizationId);
  return href ? (
    <Link href={href} className="font-medium text-foreground hover:underline">
      {text}
    </Link>
  ) : (
    <span className="font-medium text-foreground">{text}</span>
  );
}

/**
 * One entry: "Member removed: Bob in Acme", then "by Alice": the action, what it changed,
 * where, and who did it, each linked to its page while it exists.
 */
function ActivityLabel({ entry }: { entry: AuditEntry }) {
  const action = entry.action.replace(/[._]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
  const { target, organization, actor } = entry;
  // An organization's own entries name it once, as the target.
  const where =
    organization && !(target?.type === "organization" && target.id === organization.id)
      ? organization
      : null;
  return (
    <div className="grid min-w-0 gap-0.5" data-testid="activity-entry">
      <p className="text-muted-foreground">
        <span className="font-medium text-foreground">{action}</span>
        {target ? (
          <>
            {": "}
            <RefLink entity={target} organizationId={entry.organizationId} />
          </>
        ) : null}
        {entry.count !== null && entry.count > 1 ? ` (${entry.count})` : null}
        {where ? (
          <>
            {" in "}
            <RefLink
              entity={{ type: "organization", id: where.id, name: where.name }}
              organizationId={where.id}
            />
          </>
        ) : null}
      </p>
      <p className="text-xs text-muted-foreground">
        {"by "}
        {actor ? (
          <RefLink entity={actor} organizationId={null} />
        ) : (
          <span>{entry.actorType === "system" ? "Guildhall" : entry.actorType}</span>
        )}
        {actor?.type === "application" ? " (Management API)" : null}
      </p>
    </div>
  );
}
