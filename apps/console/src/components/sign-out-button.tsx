"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

export function SignOutButton({ variant = "ghost", className }: { variant?: ButtonVariant; className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      className={className}
      pending={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/sign-in" });
      }}
    >
      <LogOut aria-hidden />
      Sign out
    </Button>
  );
}
