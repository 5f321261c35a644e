import { Badge } from "@/components/ui/badge";

/** The roles a row holds, as a named list of badges; "No roles" when it holds none. */
export function RoleBadges({
  roles,
  label,
}: {
  roles: readonly { id: string; name: string }[];
  /** Accessible name of the list, e.g. "Roles of Alice". */
  label: string;
}) {
  if (roles.length === 0) return <span className="text-muted-foreground">No roles</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={label}>
      {roles.map((r) => (
        <li key={r.id}>
          <Badge tone="primary">{r.name}</Badge>
        </li>
      ))}
    </ul>
  );
}
