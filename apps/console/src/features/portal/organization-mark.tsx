import type { Branding, OrganizationColor } from "@guildhall/validators";
import { cn } from "@/lib/cn";

const DEFAULT_COLOR = "#4f46e5";

/** The organization's logo, or its initial on its brand color. */
export function OrganizationMark({
  name,
  branding,
  color,
  className,
}: {
  name: string;
  branding: Branding;
  color: OrganizationColor;
  className?: string;
}) {
  if (branding.logoUrl) {
    // A customer's logo on any host: a plain img (no Next image optimisation for them).
    return (
      <img
        src={branding.logoUrl}
        alt={`${name} logo`}
        className={cn("size-10 shrink-0 rounded-md object-contain", className)}
      />
    );
  }
  return (
    <div
      className={cn(
        "flex size-10 shrink-0 items-center justify-center rounded-md text-base font-semibold text-white",
        className,
      )}
      style={{ backgroundColor: color.primaryColor ?? DEFAULT_COLOR }}
      aria-hidden
    >
      {name.slice(0, 1).toUpperCase()}
    </div>
  );
}
