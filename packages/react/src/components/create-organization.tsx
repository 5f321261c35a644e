import { useId, useState, type FormEvent } from "react";
import { useGuildhall } from "../provider.tsx";
import type { Organization } from "../types.ts";
import { keys } from "../hooks/use-resource.ts";
import { ErrorRegion, StatusRegion, messageOf } from "./feedback.tsx";
import { parts, rootProps, type StyleProps } from "./styles.ts";

/** Guildhall's limits (`organizationName`, `description` in its validators). */
const NAME_MAX = 128;
const DESCRIPTION_MAX = 2000;

export interface CreateOrganizationProps extends StyleProps {
  /** Called with the new organization once Guildhall created it (the user is its first member). */
  onCreated?: (organization: Organization) => void;
  /** Switch to the new organization (`onOrganizationChange`). Default true. */
  selectOnCreate?: boolean;
  /** Shows a Cancel button that calls it. */
  onCancel?: () => void;
  /** The form's heading; null for none. Default "Create an organization". */
  title?: string | null;
}

/**
 * A form to create an organization (`POST /api/my/organizations`). Whether users may create
 * organizations, and how many, is the Guildhall console's setting: when it refuses, the form
 * shows Guildhall's message (e.g. "This app does not let users create organizations").
 *
 * @example
 * <CreateOrganization onCreated={(org) => navigate(`/team?organization_id=${org.id}`)} />
 */
export function CreateOrganization(props: CreateOrganizationProps) {
  const { onCreated, selectOnCreate = true, onCancel, title = "Create an organization" } = props;
  const { client, store, selectOrganization } = useGuildhall();
  const part = parts(props.unstyled);
  const id = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(undefined);
    if (!name.trim()) {
      setError("Give the organization a name.");
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const organization = await client.createOrganization({
        name: name.trim(),
        description: description.trim() || null,
      });
      await store.invalidate((key) => key === keys.organizations);
      setName("");
      setDescription("");
      setCreated(`Created ${organization.name}.`);
      if (selectOnCreate) selectOrganization(organization.id);
      onCreated?.(organization);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      {...rootProps("create-organization", props)}
      aria-labelledby={title === null ? undefined : `${id}-title`}
      aria-label={title === null ? "Create an organization" : undefined}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      {title === null ? null : (
        <h2 id={`${id}-title`} {...part("heading")}>
          {title}
        </h2>
      )}
      <div {...part("field")}>
        <label htmlFor={`${id}-name`} {...part("label")}>
          Name
        </label>
        <input
          id={`${id}-name`}
          {...part("input")}
          name="name"
          required
          aria-required="true"
          maxLength={NAME_MAX}
          autoComplete="organization"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div {...part("field")}>
        <label htmlFor={`${id}-description`} {...part("label")}>
          Description <span {...part("muted")}>(optional)</span>
        </label>
        <textarea
          id={`${id}-description`}
          {...part("input")}
          name="description"
          rows={3}
          maxLength={DESCRIPTION_MAX}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <ErrorRegion error={error} unstyled={props.unstyled} />
      <StatusRegion message={created} unstyled={props.unstyled} />
      <div {...part("inline")}>
        <button type="submit" {...part("primaryButton")} disabled={pending} aria-busy={pending}>
          {pending ? "Creating…" : "Create organization"}
        </button>
        {onCancel ? (
          <button type="button" {...part("button")} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
