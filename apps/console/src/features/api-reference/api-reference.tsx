"use client";

import dynamic from "next/dynamic";
import { TableSkeleton } from "@/components/ui/states";

// Scalar is a Vue app that reads `window` as it starts: it renders in the browser only, and
// its bundle loads with this page alone.
const ScalarViewer = dynamic(() => import("./scalar-viewer").then((m) => m.ScalarViewer), {
  ssr: false,
  loading: () => <TableSkeleton rows={8} />,
});

/**
 * The Management API reference: this instance's public OpenAPI document rendered by Scalar,
 * bundled with the console (nothing from a CDN), with search, examples and "Test Request"
 * against this instance's `/api` using a token the user pastes.
 */
export function ApiReference() {
  return <ScalarViewer />;
}
