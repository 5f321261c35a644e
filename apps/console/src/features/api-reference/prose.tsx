import type { ReactNode } from "react";

/** Backticks as code, **bold**, and paragraphs: all the Markdown the document uses. */
export function Prose({ text, className = "" }: { text?: string; className?: string }) {
  if (!text) return null;
  return (
    <div className={`space-y-2 text-sm leading-6 text-muted-foreground ${className}`}>
      {text.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{inline(paragraph)}</p>
      ))}
    </div>
  );
}

export function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith("`") && part.endsWith("`")) {
      return (
        <code
          key={i}
          className="rounded bg-muted px-1 py-0.5 font-mono text-[0.8em] text-foreground"
        >
          {part.slice(1, -1)}
        </code>
      );
    }
    if (part.startsWith("**") && part.endsWith("**")) {
      return (
        <strong key={i} className="font-semibold text-foreground">
          {part.slice(2, -2)}
        </strong>
      );
    }
    return part;
  });
}
