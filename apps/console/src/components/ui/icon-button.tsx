"use client";

import { Button, type ButtonProps } from "./button";
import { Tooltip } from "./tooltip";

/**
 * A button showing only an icon: `label` is its accessible name and the tooltip it shows on
 * hover and keyboard focus, so its action is never a guess.
 *
 * @example
 * <IconButton label={`Edit roles of ${name}`} onClick={edit}><Pencil aria-hidden /></IconButton>
 */
export function IconButton({
  label,
  variant = "ghost",
  ...props
}: Omit<ButtonProps, "size" | "aria-label" | "title"> & { label: string }) {
  return (
    <Tooltip content={label}>
      {/* An empty title: the tooltip replaces the browser's own, which would show twice. */}
      <Button variant={variant} size="icon" aria-label={label} title="" {...props} />
    </Tooltip>
  );
}
