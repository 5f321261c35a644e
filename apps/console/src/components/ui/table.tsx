import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

/** A table that scrolls sideways on narrow screens instead of squashing. */
export function Table({ className, label, ...props }: ComponentProps<"table"> & { label: string }) {
  return (
    <div
      className="relative w-full overflow-x-auto rounded-lg border border-border"
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      <table className={cn("w-full border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      className={cn("bg-muted/60 text-left text-xs text-muted-foreground uppercase", className)}
      {...props}
    />
  );
}

export function TBody(props: ComponentProps<"tbody">) {
  return <tbody {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("border-b border-border last:border-0", className)} {...props} />;
}

export function TH({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn("px-3 py-2.5 font-medium tracking-wide sm:px-4", className)}
      {...props}
    />
  );
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-3 py-3 align-middle sm:px-4", className)} {...props} />;
}
