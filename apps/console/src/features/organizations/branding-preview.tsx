import { Building2 } from "lucide-react";

interface Variant {
  logoUrl?: string;
  color?: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Readable text on a brand color (WCAG relative luminance). */
function textOn(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? "#111318" : "#ffffff";
}

function isUrl(value: string | undefined): value is string {
  return Boolean(value && /^https?:\/\/\S+$/i.test(value));
}

function PreviewCard({ name, variant, dark }: { name: string; variant: Variant; dark: boolean }) {
  const color =
    variant.color && HEX.test(variant.color) ? variant.color : dark ? "#8b93ff" : "#4f46e5";
  return (
    <div
      className="grid gap-3 rounded-lg border p-4"
      style={{
        background: dark ? "#14171e" : "#ffffff",
        color: dark ? "#e8eaef" : "#111318",
        borderColor: dark ? "#2a2f3a" : "#dfe2e8",
      }}
    >
      <div className="flex h-8 items-center gap-2">
        {isUrl(variant.logoUrl) ? (
          // Operator-supplied URL on any host: a plain img, not next/image.
          <img
            src={variant.logoUrl}
            alt={`${name} logo`}
            className="max-h-8 max-w-32 object-contain"
          />
        ) : (
          <Building2 className="size-6" aria-hidden />
        )}
        <span className="text-sm font-semibold">{name}</span>
      </div>
      <p className="text-xs" style={{ color: dark ? "#a1a8b6" : "#555d6b" }}>
        Sign in to continue to {name}
      </p>
      <div
        className="h-8 rounded-md border"
        style={{ borderColor: dark ? "#3a4150" : "#c9ced8" }}
        aria-hidden
      />
      <div
        className="flex h-8 items-center justify-center rounded-md text-xs font-medium"
        style={{ background: color, color: textOn(color) }}
      >
        Continue
      </div>
    </div>
  );
}

/** Live preview of the sign-in card with the branding being edited, light and dark. */
export function BrandingPreview({
  name,
  light,
  dark,
}: {
  name: string;
  light: Variant;
  dark: Variant;
}) {
  return (
    <figure
      className="grid content-start gap-2"
      aria-label="Branding preview"
      data-testid="branding-preview"
    >
      <figcaption className="text-sm font-medium">Preview</figcaption>
      <div className="grid gap-3 sm:grid-cols-2">
        <PreviewCard name={name} variant={light} dark={false} />
        <PreviewCard name={name} variant={dark} dark />
      </div>
    </figure>
  );
}
