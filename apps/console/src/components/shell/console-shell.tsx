"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import * as Dropdown from "@radix-ui/react-dropdown-menu";
import {
  Archive,
  AppWindow,
  BadgeCheck,
  BookOpen,
  Building2,
  ChevronsUpDown,
  Fingerprint,
  History,
  KeyRound,
  LayoutDashboard,
  LogIn,
  LogOut,
  Mail,
  MailCheck,
  Menu,
  Server,
  Shapes,
  ShieldCheck,
  SquarePlus,
  Users,
  Webhook,
  X,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { Logo } from "@/components/logo";
import { cn } from "@/lib/cn";
import { signOutOfConsole } from "@/lib/sign-out";
import { userIdentifier, userLabel } from "@/lib/user-label";
import { CurrentUserProvider, type CurrentUser } from "./current-user";

interface NavItem {
  href: string;
  label: string;
  icon: ReactNode;
  adminOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: "/", label: "Overview", icon: <LayoutDashboard aria-hidden /> },
  { href: "/template", label: "Organization template", icon: <Shapes aria-hidden /> },
  { href: "/organizations", label: "Organizations", icon: <Building2 aria-hidden /> },
  { href: "/users", label: "Users", icon: <Users aria-hidden /> },
  { href: "/emails", label: "Emails", icon: <Mail aria-hidden /> },
  { href: "/applications", label: "Applications", icon: <AppWindow aria-hidden /> },
  { href: "/api-resources", label: "API resources", icon: <Server aria-hidden /> },
  { href: "/roles", label: "Roles", icon: <BadgeCheck aria-hidden /> },
  { href: "/sso-connectors", label: "Enterprise SSO", icon: <Fingerprint aria-hidden /> },
  { href: "/webhooks", label: "Webhooks", icon: <Webhook aria-hidden />, adminOnly: true },
  { href: "/audit-log", label: "Audit log", icon: <History aria-hidden /> },
  {
    href: "/console-members",
    label: "Console members",
    icon: <ShieldCheck aria-hidden />,
    adminOnly: true,
  },
  {
    href: "/settings/sign-in-experience",
    label: "Sign-in experience",
    icon: <LogIn aria-hidden />,
  },
  {
    href: "/settings/signing-keys",
    label: "Signing keys",
    icon: <KeyRound aria-hidden />,
    adminOnly: true,
  },
  {
    href: "/settings/email",
    label: "Email settings",
    icon: <MailCheck aria-hidden />,
    adminOnly: true,
  },
  {
    href: "/settings/retention",
    label: "Data retention",
    icon: <Archive aria-hidden />,
    adminOnly: true,
  },
  {
    href: "/settings/organizations",
    label: "Organization creation",
    icon: <SquarePlus aria-hidden />,
  },
  { href: "/api-reference", label: "API reference", icon: <BookOpen aria-hidden /> },
];

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

function NavLinks({ user, onNavigate }: { user: CurrentUser; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="grid gap-0.5">
      {NAV.filter((item) => !item.adminOnly || user.consoleRole === "admin").map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium [&_svg]:size-4",
                active
                  ? "bg-accent text-accent-foreground"
                  : "text-muted-foreground hover:bg-muted hover:text-foreground",
              )}
            >
              {item.icon}
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function initials(user: CurrentUser) {
  const source = userLabel(user);
  return source
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}

function UserMenu({ user }: { user: CurrentUser }) {
  return (
    <Dropdown.Root>
      <Dropdown.Trigger
        className="flex w-full items-center gap-2.5 rounded-md px-2 py-2 text-left text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
        data-testid="user-menu"
      >
        <span
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground"
          aria-hidden
        >
          {initials(user)}
        </span>
        <span className="grid min-w-0 flex-1">
          <span className="truncate font-medium">{userLabel(user)}</span>
          <span className="truncate text-xs text-muted-foreground">
            {user.consoleRole === "admin" ? "Admin" : "Collaborator"}
          </span>
        </span>
        <span className="sr-only">: account menu</span>
        <ChevronsUpDown className="size-4 text-muted-foreground" aria-hidden />
      </Dropdown.Trigger>
      <Dropdown.Portal>
        <Dropdown.Content
          align="start"
          side="top"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-border bg-card p-1 text-sm shadow-lg"
        >
          <Dropdown.Label className="px-2 py-1.5 text-xs text-muted-foreground">
            Signed in as <span className="font-medium text-foreground">{userIdentifier(user)}</span>
          </Dropdown.Label>
          <Dropdown.Separator className="my-1 h-px bg-border" />
          <Dropdown.Item
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-muted"
            onSelect={() => void signOutOfConsole()}
            data-testid="sign-out"
          >
            <LogOut className="size-4" aria-hidden />
            Sign out
          </Dropdown.Item>
        </Dropdown.Content>
      </Dropdown.Portal>
    </Dropdown.Root>
  );
}

function SidebarBody({ user, onNavigate }: { user: CurrentUser; onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col gap-4 p-3">
      <Link
        href="/"
        className="rounded-md px-2 py-1.5"
        onClick={onNavigate}
        aria-label="Guildhall console home"
      >
        <Logo />
      </Link>
      <nav aria-label="Console" className="flex-1">
        <NavLinks user={user} onNavigate={onNavigate} />
      </nav>
      <UserMenu user={user} />
    </div>
  );
}

/** Sidebar on wide screens; a top bar with a menu button and a drawer on phones. */
export function ConsoleShell({ user, children }: { user: CurrentUser; children: ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setDrawerOpen(false), [pathname]);

  return (
    <CurrentUserProvider user={user}>
      <a
        href="#content"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
        <aside
          className="sticky top-0 hidden h-dvh border-r border-border bg-card lg:block"
          aria-label="Sidebar"
        >
          <SidebarBody user={user} />
        </aside>

        <header className="sticky top-0 z-40 flex h-14 items-center gap-3 border-b border-border bg-card/95 px-3 backdrop-blur lg:hidden">
          <DialogPrimitive.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
            <DialogPrimitive.Trigger
              className="rounded-md p-2 hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
              aria-label="Open navigation"
              data-testid="nav-toggle"
            >
              <Menu className="size-5" aria-hidden />
            </DialogPrimitive.Trigger>
            <DialogPrimitive.Portal>
              <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-overlay lg:hidden" />
              <DialogPrimitive.Content
                className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] border-r border-border bg-card shadow-xl focus:outline-none lg:hidden"
                aria-describedby={undefined}
              >
                <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
                <SidebarBody user={user} onNavigate={() => setDrawerOpen(false)} />
                <DialogPrimitive.Close
                  className="absolute top-3 right-3 rounded-md p-1.5 text-muted-foreground hover:bg-muted"
                  aria-label="Close navigation"
                >
                  <X className="size-4" aria-hidden />
                </DialogPrimitive.Close>
              </DialogPrimitive.Content>
            </DialogPrimitive.Portal>
          </DialogPrimitive.Root>
          <Link href="/" aria-label="Guildhall console home">
            <Logo />
          </Link>
        </header>

        <main
          id="content"
          tabIndex={-1}
          className="min-w-0 px-4 py-6 focus:outline-none sm:px-6 lg:px-10 lg:py-8"
        >
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </CurrentUserProvider>
  );
}
