"use client";

import { createContext, useContext, type ReactNode } from "react";

export interface CurrentUser {
  id: string;
  email: string | null;
  username: string | null;
  name: string | null;
  consoleRole: "admin" | "collaborator";
}

const Ctx = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({
  user,
  children,
}: {
  user: CurrentUser;
  children: ReactNode;
}) {
  return <Ctx.Provider value={user}>{children}</Ctx.Provider>;
}

/** The signed-in console member (inside the console layout). */
export function useCurrentUser(): CurrentUser {
  const user = useContext(Ctx);
  if (!user) throw new Error("useCurrentUser must be used inside the console layout");
  return user;
}
