import { redirect } from "next/navigation";

/** There is no list at this address: the user's organizations are at `/portal`. */
export default function PortalOrganizationsPage() {
  redirect("/portal");
}
