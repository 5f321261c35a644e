"use client";

import * as TooltipPrimitive from "@radix-ui/react-tooltip";
import type { ReactElement, ReactNode } from "react";

/**
 * A short label shown beside its trigger on hover and on keyboard focus (Radix Tooltip), for
 * controls whose only content is an icon. The trigger keeps its own accessible name
 * (`aria-label`): the tooltip repeats it for sighted users, it does not replace it.
 */
export function Tooltip({
  content,
  children,
  side = "top",
}: {
  content: ReactNode;
  /** One focusable element (a button); it becomes the trigger. */
  children: ReactElement;
  side?: "top" | "right" | "bottom" | "left";
}) {
  return (
    // A provider per tooltip keeps the primitive self-contained: no app-wide wrapper needed.
    <TooltipPrimitive.Provider delayDuration={300} skipDelayDuration={200}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            sideOffset={4}
            collisionPadding={8}
            className="z-[70] max-w-64 rounded-md bg-foreground px-2 py-1 text-xs font-medium text-background shadow-md"
            data-testid="tooltip"
          >
            {content}
            <TooltipPrimitive.Arrow className="fill-foreground" />
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
