import { Button } from "./button";

/**
 * The end of a settings form: "Discard changes" (back to what is saved) and the submit button,
 * both idle until something changed. One bar for every settings form, so they behave alike.
 */
export function SaveBar({
  dirty,
  pending,
  onDiscard,
  saveLabel = "Save changes",
  saveTestId,
}: {
  dirty: boolean;
  pending: boolean;
  onDiscard: () => void;
  saveLabel?: string;
  saveTestId?: string;
}) {
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button type="button" variant="outline" disabled={!dirty || pending} onClick={onDiscard}>
        Discard changes
      </Button>
      <Button type="submit" pending={pending} disabled={!dirty} data-testid={saveTestId}>
        {saveLabel}
      </Button>
    </div>
  );
}
