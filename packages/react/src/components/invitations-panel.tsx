import { useId, useState, type FormEvent } from "react";
import { useInvitations } from "../hooks/use-invitations.ts";
import { useRoles } from "../hooks/use-roles.ts";
import type { Invitation } from "../types.ts";
import { Confirm } from "./confirm.tsx";
import { ErrorRegion, StatusRegion, messageOf } from "./feedback.tsx";
import { Pagination } from "./pagination.tsx";
import { parts, visuallyHidden } from "./styles.ts";

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function formatDate(ms: number | null): string {
  return ms === null ? "" : new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(ms);
}

export interface InvitationsPanelProps {
  organizationName: string;
  /** `guildhall:members:invite`: the invite form and Resend. */
  canInvite: boolean;
  /** `guildhall:invitations:manage`: the list and Revoke. */
  canManage: boolean;
  pageSize: number;
  unstyled: boolean | undefined;
}

/** Invitations: invite by email with roles; list, resend and revoke, as permissions allow. */
export function InvitationsPanel({
  organizationName,
  canInvite,
  canManage,
  pageSize,
  unstyled,
}: InvitationsPanelProps) {
  const part = parts(unstyled);
  const id = useId();
  const [page, setPage] = useState(1);
  const { invitations, total, loading, error, reload, invite, resend, revoke } = useInvitations({
    page,
    pageSize,
    enabled: canManage,
  });
  const { roles, error: rolesError } = useRoles();
  const [email, setEmail] = useState("");
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [revoking, setRevoking] = useState<Invitation>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    if (!EMAIL.test(email.trim())) {
      setFormError("Enter the email address to invite, e.g. name@example.com.");
      return;
    }
    setSending(true);
    setFormError(undefined);
    try {
      await invite({ email: email.trim(), roleIds });
      setDone(`Invitation sent to ${email.trim()}.`);
      setEmail("");
      setRoleIds([]);
    } catch (caught) {
      setFormError(messageOf(caught));
    } finally {
      setSending(false);
    }
  }

  async function act(invitation: Invitation, action: "resend" | "revoke") {
    setBusy(invitation.id);
    setActionError(undefined);
    setDone(undefined);
    try {
      if (action === "resend") {
        await resend(invitation.id);
        setDone(`Sent a new invitation link to ${invitation.invitee}.`);
      } else {
        await revoke(invitation.id);
        setDone(`Revoked the invitation of ${invitation.invitee}.`);
        setRevoking(undefined);
      }
    } catch (caught) {
      setActionError(messageOf(caught));
    } finally {
      setBusy(undefined);
    }
  }

  const inviteForm = canInvite ? (
    <form
      {...part("form")}
      aria-labelledby={`${id}-invite`}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3 id={`${id}-invite`} {...part("heading")}>
        Invite someone to {organizationName}
      </h3>
      <div {...part("field")}>
        <label htmlFor={`${id}-email`} {...part("label")}>
          Email address
        </label>
        <input
          id={`${id}-email`}
          {...part("input")}
          type="email"
          name="email"
          required
          aria-required="true"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <fieldset style={unstyled ? undefined : { border: "none", margin: 0, padding: 0 }}>
        <legend {...part("label")}>Roles</legend>
        {roles === undefined ? (
          <p {...part("muted")}>Loading roles…</p>
        ) : roles.length === 0 ? (
          <p {...part("muted")}>This organization has no roles to give.</p>
        ) : (
          roles.map((role) => (
            <div key={role.id}>
              <label>
                <input
                  type="checkbox"
                  name="roles"
                  value={role.id}
                  disabled={!role.grantable}
                  checked={roleIds.includes(role.id)}
                  aria-describedby={role.grantable ? undefined : `${id}-role-${role.id}`}
                  onChange={(event) =>
                    setRoleIds((current) =>
                      event.target.checked
                        ? [...current, role.id]
                        : current.filter((roleId) => roleId !== role.id),
                    )
                  }
                />{" "}
                {role.name}
              </label>
              {role.grantable ? null : (
                <span id={`${id}-role-${role.id}`} {...part("muted")}>
                  {" "}
                  (you can't grant this role)
                </span>
              )}
            </div>
          ))
        )}
      </fieldset>
      <ErrorRegion error={formError ?? rolesError} unstyled={unstyled} />
      <div {...part("inline")}>
        <button type="submit" {...part("primaryButton")} disabled={sending} aria-busy={sending}>
          {sending ? "Sending…" : "Send invitation"}
        </button>
      </div>
    </form>
  ) : null;

  const list = canManage ? (
    <div
      className="gh-invitation-list"
      style={unstyled ? undefined : { display: "grid", gap: "0.5rem" }}
    >
      <h3 {...part("heading")}>Invitations</h3>
      <ErrorRegion error={actionError} unstyled={unstyled} />
      {revoking ? (
        <Confirm
          confirmLabel={`Revoke the invitation of ${revoking.invitee}`}
          pending={busy === revoking.id}
          onConfirm={() => void act(revoking, "revoke")}
          onCancel={() => setRevoking(undefined)}
          unstyled={unstyled}
        >
          Revoke the invitation of {revoking.invitee}? Its link stops working at once; you can
          invite them again later.
        </Confirm>
      ) : null}
      <ErrorRegion error={error} unstyled={unstyled}>
        <button type="button" {...part("button")} onClick={() => void reload()}>
          Try again
        </button>
      </ErrorRegion>
      {invitations === undefined ? (
        loading ? (
          <p {...part("muted")}>Loading invitations…</p>
        ) : null
      ) : invitations.length === 0 ? (
        <p {...part("muted")}>No invitations yet.</p>
      ) : (
        <table {...part("table")} aria-busy={loading}>
          <caption style={visuallyHidden}>Invitations to {organizationName}</caption>
          <thead>
            <tr>
              <th scope="col" {...part("cell")}>
                Email
              </th>
              <th scope="col" {...part("cell")}>
                Roles
              </th>
              <th scope="col" {...part("cell")}>
                Status
              </th>
              <th scope="col" {...part("cell")}>
                Expires
              </th>
              <th scope="col" {...part("cell")}>
                <span style={visuallyHidden}>Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => {
              const pending = invitation.status === "Pending";
              return (
                <tr key={invitation.id}>
                  <td {...part("cell")}>{invitation.invitee}</td>
                  <td {...part("cell")}>
                    {invitation.organizationRoles.map((r) => r.name).join(", ") || (
                      <span {...part("muted")}>No role</span>
                    )}
                  </td>
                  <td {...part("cell")}>{invitation.status}</td>
                  <td {...part("cell")}>{pending ? formatDate(invitation.expiresAt) : ""}</td>
                  <td {...part("cell")}>
                    <div {...part("inline")}>
                      {pending && canInvite ? (
                        <button
                          type="button"
                          {...part("button")}
                          disabled={busy === invitation.id}
                          aria-label={`Resend the invitation to ${invitation.invitee}`}
                          onClick={() => void act(invitation, "resend")}
                        >
                          Resend
                        </button>
                      ) : null}
                      {pending ? (
                        <button
                          type="button"
                          {...part("button")}
                          disabled={busy === invitation.id}
                          aria-label={`Revoke the invitation to ${invitation.invitee}`}
                          onClick={() => {
                            setDone(undefined);
                            setRevoking(invitation);
                          }}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination
        label="Invitations pages"
        page={page}
        pageSize={pageSize}
        total={total}
        noun="invitations"
        onPage={setPage}
        unstyled={unstyled}
      />
    </div>
  ) : null;

  return (
    <div
      className="gh-invitations"
      style={unstyled ? undefined : { display: "grid", gap: "1.25rem" }}
    >
      <StatusRegion message={done} unstyled={unstyled} />
      {inviteForm}
      {list}
    </div>
  );
}
