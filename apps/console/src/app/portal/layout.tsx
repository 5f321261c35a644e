import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "Organization portal", template: "%s · Organization portal" },
  robots: { index: false },
};

/**
 * The hosted organization portal: for every signed-in user, console member or not, so it
 * lives outside the console layout and has its own chrome (the organization's, on its pages).
 */
export default function PortalLayout({ children }: { children: ReactNode }) {
  return <div className="min-h-dvh bg-muted/40">{children}</div>;
}
