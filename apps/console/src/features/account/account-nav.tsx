"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

const SECTIONS = [
  { href: "/account", label: "Profile" },
  { href: "/account/security", label: "Security" },
  { href: "/account/sessions", label: "Sessions" },
  { href: "/account/organizations", label: "Organizations" },
] as const;

/** The account pages' tabs. Hidden on the enrolment page a sign-in sends the user to. */
export function AccountNav() {
  const pathname = usePathname();
  if (pathname.startsWith("/account/mfa-setup")) return null;
  return (
    <nav aria-label="Account" className="border-b border-border">
      <ul className="flex gap-1 overflow-x-auto">
        {SECTIONS.map((section) => {
          // Profile is /account itself; the others own their subpaths.
          const active =
            section.href === "/account"
              ? pathname === "/account"
              : pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px inline-block border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground",
                  "hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring",
                  active && "border-primary text-foreground",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
