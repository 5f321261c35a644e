import { redirect } from "next/navigation";

/** The account has one page so far. */
export default function AccountPage() {
  redirect("/account/organizations");
}
