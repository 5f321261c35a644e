"use client";

import * as TabsPrimitive from "@radix-ui/react-tabs";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type ComponentProps } from "react";
import { cn } from "@/lib/cn";

export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return (
    <TabsPrimitive.List
      className={cn("flex gap-1 overflow-x-auto border-b border-border", className)}
      {...props}
    />
  );
}

const tabClasses = cn(
  "-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground",
  "hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring",
);

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        tabClasses,
        "data-[state=active]:border-primary data-[state=active]:text-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return (
    <TabsPrimitive.Content
      className={cn("pt-5 focus-visible:outline-none", className)}
      {...props}
    />
  );
}

/**
 * Tabs that are routes (each tab has its own URL), rendered as a navigation list. When they
 * do not fit (a phone), the strip scrolls sideways: the current tab is scrolled into view,
 * and a fade at either end shows that more tabs are there.
 */
export function LinkTabs({
  tabs,
  label,
}: {
  tabs: { href: string; label: string }[];
  label: string;
}) {
  const pathname = usePathname();
  const listRef = useRef<HTMLUListElement>(null);
  const [more, setMore] = useState({ before: false, after: false });

  const measure = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    const before = list.scrollLeft > 1;
    const after = list.scrollLeft + list.clientWidth < list.scrollWidth - 1;
    setMore((m) => (m.before === before && m.after === after ? m : { before, after }));
  }, []);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    // Only the strip scrolls (scrollIntoView could move the page too).
    const current = list.querySelector<HTMLElement>('[aria-current="page"]');
    if (current) {
      const left = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
      list.scrollTo({ left: Math.max(0, left) });
    }
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => observer.disconnect();
  }, [pathname, measure]);

  return (
    <nav aria-label={label} className="relative border-b border-border">
      <ul
        ref={listRef}
        onScroll={measure}
        className="-mb-px flex snap-x gap-1 overflow-x-auto overscroll-x-contain [scrollbar-width:none] [&::-webkit-scrollbar]:hidden"
        data-testid="link-tabs"
      >
        {tabs.map((tab) => {
          const active = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href} className="snap-start">
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  tabClasses,
                  // The list itself overlaps the border (it clips what overflows it).
                  "mb-0 inline-block",
                  active && "border-primary text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
      {more.before ? (
        <span
          aria-hidden
          className="pointer-events-none absolute inset-y-0 left-0 w-8 bg-linear-to-r from-background to-transparent"
        />
      ) : null}
      {more.after ? (
        <span
          aria-hidden
          className="pointer-events-none absolute inset-y-0 right-0 w-8 bg-linear-to-l from-background to-transparent"
          data-testid="tabs-more"
        />
      ) : null}
    </nav>
  );
}
