import { useId, useState, type FormEvent } from "react";
import { useMembers } from "../hooks/use-members.ts";
import { useRoles } from "../hooks/use-roles.ts";
import type { AssignableRole, OrganizationMember } from "../types.ts";
import { Confirm } from "./confirm.tsx";
import { ErrorRegion, StatusRegion, messageOf } from "./feedback.tsx";
import { Pagination } from "./pagination.tsx";
import { parts, visuallyHidden } from "./styles.ts";

const NO_ROLE = "";
const SEVERAL_ROLES = "__several__";

export function memberName(member: OrganizationMember): string {
  return member.name ?? member.primaryEmail ?? member.username ?? member.id;
}

/** The member's roles that the user may not give or take away (so may not change). */
function lockedRoles(member: OrganizationMember, roles: AssignableRole[] | undefined) {
  if (!roles) return [];
  return member.organizationRoles.filter(
    (held) => roles.find((role) => role.id === held.id)?.grantable === false,
  );
}

function RoleControl({
  member,
  roles,
  onSave,
  unstyled,
}: {
  member: OrganizationMember;
  roles: AssignableRole[];
  onSave: (member: OrganizationMember, roleIds: string[]) => Promise<void>;
  unstyled: boolean | undefined;
}) {
  const part = parts(unstyled);
  const id = useId();
  const held = member.organizationRoles;
  const initial =
    held.length === 0 ? NO_ROLE : held.length === 1 ? (held[0]?.id ?? NO_ROLE) : SEVERAL_ROLES;
  const [value, setValue] = useState(initial);
  const [saving, setSaving] = useState(false);
  const locked = lockedRoles(member, roles);
  const name = memberName(member);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    try {
      await onSave(member, value === NO_ROLE ? [] : [value]);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form {...part("inline")} onSubmit={(event) => void save(event)} aria-label={`Role of ${name}`}>
      <label htmlFor={`${id}-role`} style={visuallyHidden}>
        Role of {name}
      </label>
      <select
        id={`${id}-role`}
        {...part("input")}
        value={value}
        disabled={locked.length > 0 || saving}
        aria-describedby={locked.length > 0 ? `${id}-locked` : undefined}
        onChange={(event) => setValue(event.target.value)}
      >
        {held.length > 1 ? (
          <option value={SEVERAL_ROLES} disabled>
            {held.map((r) => r.name).join(" + ")}
          </option>
        ) : null}
        <option value={NO_ROLE}>No role</option>
        {roles.map((role) => (
          <option key={role.id} value={role.id} disabled={!role.grantable}>
            {role.grantable ? role.name : `${role.name} (you can't grant this role)`}
          </option>
        ))}
      </select>
      <button
        type="submit"
        {...part("button")}
        disabled={value === initial || value === SEVERAL_ROLES || saving}
        aria-busy={saving}
      >
        {saving ? "Saving…" : "Save role"}
      </button>
      {locked.length > 0 ? (
        <span id={`${id}-locked`} {...part("muted")}>
          {name} holds {locked.map((r) => r.name).join(", ")}, which you can't grant or take away.
        </span>
      ) : null}
    </form>
  );
}

export interface MembersPanelProps {
  organizationName: string;
  canChangeRoles: boolean;
  canRemove: boolean;
  pageSize: number;
  unstyled: boolean | undefined;
}

/** Members: search, pages, each member's roles (a select) and removal, as permissions allow. */
export function MembersPanel({
  organizationName,
  canChangeRoles,
  canRemove,
  pageSize,
  unstyled,
}: MembersPanelProps) {
  const part = parts(unstyled);
  const id = useId();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const { members, total, loading, error, reload, changeRoles, remove } = useMembers({
    q,
    page,
    pageSize,
  });
  const { roles, error: rolesError } = useRoles();
  const [actionError, setActionError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [removing, setRemoving] = useState<OrganizationMember>();
  const [removePending, setRemovePending] = useState(false);

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setQ(search.trim());
    setPage(1);
  }

  async function saveRoles(member: OrganizationMember, roleIds: string[]) {
    setActionError(undefined);
    setDone(undefined);
    try {
      await changeRoles(member.id, roleIds);
      const names = roleIds.map((roleId) => roles?.find((r) => r.id === roleId)?.name ?? roleId);
      setDone(
        names.length > 0
          ? `${memberName(member)} is now ${names.join(", ")}.`
          : `${memberName(member)} has no role now.`,
      );
    } catch (caught) {
      setActionError(messageOf(caught));
    }
  }

  async function confirmRemove() {
    if (!removing) return;
    setRemovePending(true);
    setActionError(undefined);
    setDone(undefined);
    try {
      await remove(removing.id);
      setDone(`Removed ${memberName(removing)} from ${organizationName}.`);
      setRemoving(undefined);
    } catch (caught) {
      setActionError(messageOf(caught));
    } finally {
      setRemovePending(false);
    }
  }

  return (
    <div className="gh-members" style={unstyled ? undefined : { display: "grid", gap: "0.75rem" }}>
      <form role="search" {...part("inline")} onSubmit={onSearch}>
        <label htmlFor={`${id}-search`} {...part("label")}>
          Search members
        </label>
        <input
          id={`${id}-search`}
          {...part("input")}
          type="search"
          value={search}
          placeholder="Name or email"
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" {...part("button")}>
          Search
        </button>
        {q ? (
          <button
            type="button"
            {...part("button")}
            onClick={() => {
              setSearch("");
              setQ("");
              setPage(1);
            }}
          >
            Clear search
          </button>
        ) : null}
      </form>
      <ErrorRegion error={actionError ?? rolesError} unstyled={unstyled} />
      <StatusRegion message={done} unstyled={unstyled} />
      {removing ? (
        <Confirm
          confirmLabel={`Remove ${memberName(removing)}`}
          pending={removePending}
          onConfirm={() => void confirmRemove()}
          onCancel={() => setRemoving(undefined)}
          unstyled={unstyled}
        >
          Remove {memberName(removing)} from {organizationName}? They lose their roles in{" "}
          {organizationName}; their account and other organizations stay.
        </Confirm>
      ) : null}
      <ErrorRegion error={error} unstyled={unstyled}>
        <button type="button" {...part("button")} onClick={() => void reload()}>
          Try again
        </button>
      </ErrorRegion>
      {members === undefined ? (
        loading ? (
          <p {...part("muted")}>Loading members…</p>
        ) : null
      ) : members.length === 0 ? (
        <p {...part("muted")}>
          {q ? `No members match “${q}”.` : `${organizationName} has no members yet.`}
        </p>
      ) : (
        <table {...part("table")} aria-busy={loading}>
          <caption style={visuallyHidden}>Members of {organizationName}</caption>
          <thead>
            <tr>
              <th scope="col" {...part("cell")}>
                Member
              </th>
              <th scope="col" {...part("cell")}>
                Roles
              </th>
              {canRemove ? (
                <th scope="col" {...part("cell")}>
                  <span style={visuallyHidden}>Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const name = memberName(member);
              const locked = lockedRoles(member, roles);
              return (
                <tr key={member.id}>
                  <td {...part("cell")}>
                    <div>{name}</div>
                    {member.primaryEmail && member.primaryEmail !== name ? (
                      <div {...part("muted")}>{member.primaryEmail}</div>
                    ) : null}
                  </td>
                  <td {...part("cell")}>
                    {canChangeRoles && roles ? (
                      <RoleControl
                        // A new list (after a save) starts the select from the saved roles.
                        key={member.organizationRoles.map((r) => r.id).join(",")}
                        member={member}
                        roles={roles}
                        onSave={saveRoles}
                        unstyled={unstyled}
                      />
                    ) : member.organizationRoles.length > 0 ? (
                      member.organizationRoles.map((r) => r.name).join(", ")
                    ) : (
                      <span {...part("muted")}>No role</span>
                    )}
                  </td>
                  {canRemove ? (
                    <td {...part("cell")}>
                      <button
                        type="button"
                        {...part("button")}
                        disabled={locked.length > 0}
                        title={
                          locked.length > 0 ? `${name} holds roles you can't take away.` : undefined
                        }
                        aria-label={`Remove ${name}`}
                        onClick={() => {
                          setDone(undefined);
                          setRemoving(member);
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination
        label="Members pages"
        page={page}
        pageSize={pageSize}
        total={total}
        noun="members"
        onPage={setPage}
        unstyled={unstyled}
      />
    </div>
  );
}
