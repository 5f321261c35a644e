"use client";

import { Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

/** Copies an invitation link (links are shown only when made: only their hash is stored). */
export function CopyLinkButton({ link }: { link: string }) {
  return (
    <Button
      variant="secondary"
      size="sm"
      data-testid="copy-invite-link"
      data-link={link}
      onClick={() => {
        navigator.clipboard.writeText(link).then(
          () => toast.success("Link copied"),
          () => toast.error("Could not copy. Select the link and copy it yourself."),
        );
      }}
    >
      <Copy aria-hidden />
      Copy link
    </Button>
  );
}
