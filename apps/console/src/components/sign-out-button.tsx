"use client";

import { LogOut } from "lucide-react";
import { useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { signOutOfConsole } from "@/lib/sign-out";

export function SignOutButton({
  variant = "ghost",
  className,
}: {
  variant?: ButtonVariant;
  className?: string;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      className={className}
      pending={pending}
      onClick={() => {
        setPending(true);
        void signOutOfConsole().then((done) => {
          if (!done) setPending(false);
        });
      }}
    >
      <LogOut aria-hidden />
      Sign out
    </Button>
  );
}
