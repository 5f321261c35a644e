import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="text-sm text-muted-foreground">
        The page you asked for does not exist, or it was deleted.
      </p>
      <Link href="/" className={buttonClasses("outline")}>
        Back to the console
      </Link>
    </main>
  );
}
