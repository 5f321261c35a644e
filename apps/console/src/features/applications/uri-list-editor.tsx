"use client";

import { Plus, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** Edits a list of URLs: one per row, add and remove. Validation happens in the form schema. */
export function UriListEditor({
  value,
  onChange,
  label,
  placeholder = "https://app.example.com/callback",
  errors = [],
}: {
  value: string[];
  onChange: (value: string[]) => void;
  label: string;
  placeholder?: string;
  /** Per-row messages, by index. */
  errors?: (string | undefined)[];
}) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const uri = draft.trim();
    if (!uri) return;
    if (!value.includes(uri)) onChange([...value, uri]);
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
    </div>
  );
}
