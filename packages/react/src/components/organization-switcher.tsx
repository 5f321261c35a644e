import { useId, useState } from "react";
import { useOrganizationList } from "../hooks/use-organization-list.ts";
import { useGuildhall } from "../provider.tsx";
import { CreateOrganization } from "./create-organization.tsx";
import { ErrorRegion } from "./feedback.tsx";
import { parts, rootProps, type StyleProps } from "./styles.ts";

export interface OrganizationSwitcherProps extends StyleProps {
  /** The list's accessible name and heading. Default "Your organizations". */
  title?: string;
  /** A link to your own page for creating an organization. */
  createOrganizationHref?: string;
  /** Your own create flow; otherwise the button opens `<CreateOrganization>` in place. */
  onCreateOrganization?: () => void;
  /** No way to create an organization from the switcher. */
  hideCreate?: boolean;
}

/**
 * The signed-in user's organizations, with their roles, and a button to switch to each
 * (`onOrganizationChange`); the current one is marked. Offers to create an organization:
 * in place, through your link, or through your handler.
 *
 * @example
 * <OrganizationSwitcher createOrganizationHref="/organizations/new" />
 */
export function OrganizationSwitcher(props: OrganizationSwitcherProps) {
  const { title = "Your organizations", hideCreate = false } = props;
  const { organizationId, selectOrganization } = useGuildhall();
  const { organizations, loading, error, reload } = useOrganizationList();
  const [creating, setCreating] = useState(false);
  const part = parts(props.unstyled);
  const id = useId();

  let body;
  if (organizations === undefined) {
    body = loading ? <p {...part("muted")}>Loading your organizations…</p> : null;
  } else if (organizations.length === 0) {
    body = (
      <p {...part("muted")}>
        You are not a member of any organization yet. Ask an organization admin to invite you
        {hideCreate ? "." : ", or create one."}
      </p>
    );
  } else {
    body = (
      <ul {...part("list")}>
        {organizations.map((organization) => {
          const current = organization.id === organizationId;
          const roles = organization.roles.map((r) => r.name).join(", ");
          return (
            <li key={organization.id} {...part("item")} aria-current={current ? "true" : undefined}>
              <span>
                <strong>{organization.name}</strong>
                <span {...part("muted")}>{roles ? ` · ${roles}` : " · no roles"}</span>
              </span>
              {current ? (
                <span {...part("muted")}>Current</span>
              ) : (
                <button
                  type="button"
                  {...part("button")}
                  onClick={() => selectOrganization(organization.id)}
                  aria-label={`Switch to ${organization.name}`}
                >
                  Switch
                </button>
              )}
            </li>
          );
        })}
      </ul>
    );
  }

  let create = null;
  if (!hideCreate) {
    if (props.createOrganizationHref) {
      create = (
        <a href={props.createOrganizationHref} className="gh-create-link">
          Create an organization
        </a>
      );
    } else if (props.onCreateOrganization) {
      create = (
        <button type="button" {...part("button")} onClick={props.onCreateOrganization}>
          Create an organization
        </button>
      );
    } else if (creating) {
      create = (
        <CreateOrganization
          unstyled={props.unstyled}
          title={null}
          onCancel={() => setCreating(false)}
          onCreated={() => setCreating(false)}
        />
      );
    } else {
      create = (
        <button
          type="button"
          {...part("button")}
          aria-expanded="false"
          onClick={() => setCreating(true)}
        >
          Create an organization
        </button>
      );
    }
  }

  return (
    <section {...rootProps("organization-switcher", props)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} {...part("heading")}>
        {title}
      </h2>
      <div aria-busy={loading}>{body}</div>
      <ErrorRegion error={error} unstyled={props.unstyled}>
        <button type="button" {...part("button")} onClick={() => void reload()}>
          Try again
        </button>
      </ErrorRegion>
      {create}
    </section>
  );
}
