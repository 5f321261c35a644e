"use client";

import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { withDraft } from "@/lib/use-list-drafts";

/**
 * Edits a list of URLs: one per row, add and remove. Validation happens in the form schema.
 * A form passes `draft`/`onDraftChange` from `useListDrafts`, so an entry typed but not added
 * is added when the form is submitted instead of being lost.
 */
export function UriListEditor({
  value,
  onChange,
  label,
  placeholder = "https://app.example.com/callback",
  errors = [],
  draft: controlledDraft,
  onDraftChange,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  label: string;
  placeholder?: string;
  /** Per-row messages, by index. */
  errors?: (string | undefined)[];
  /** The text in the add box, when the form keeps it (see useListDrafts). */
  draft?: string;
  onDraftChange?: (draft: string) => void;
}) {
  const hintId = useId();
  const [ownDraft, setOwnDraft] = useState("");
  const draft = controlledDraft ?? ownDraft;
  const setDraft = onDraftChange ?? setOwnDraft;
  const add = () => {
    if (!draft.trim()) return;
    onChange(withDraft(value, draft));
    setDraft("");
  };
  return (
    <div className="grid gap-2">
      {value.length > 0 ? (
        <ul className="grid gap-1.5" aria-label={label}>
          {value.map((uri, i) => (
            <li key={`${uri}-${i}`} className="grid gap-0.5">
              <div className="flex items-center gap-2">
                <Input
                  aria-label={`${label} ${i + 1}`}
                  value={uri}
                  aria-invalid={errors[i] ? true : undefined}
                  onChange={(e) => onChange(value.map((v, j) => (j === i ? e.target.value : v)))}
                />
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove ${uri}`}
                  onClick={() => onChange(value.filter((_, j) => j !== i))}
                >
                  <X aria-hidden />
                </Button>
              </div>
              {errors[i] ? <p className="text-xs font-medium text-danger">{errors[i]}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-center gap-2">
        <Input
          aria-label={`Add to ${label}`}
          aria-describedby={draft.trim() ? hintId : undefined}
          placeholder={placeholder}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button variant="outline" onClick={add} disabled={!draft.trim()}>
          <Plus aria-hidden />
          Add
        </Button>
      </div>
      {draft.trim() ? (
        <p id={hintId} className="text-xs text-muted-foreground" data-testid="uri-draft-hint">
          {onDraftChange
            ? "Not added yet: it will be added when you save."
            : "Not added yet: press Enter or Add."}
        </p>
      ) : null}
    </div>
  );
}
