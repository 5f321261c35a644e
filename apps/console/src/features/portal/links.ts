/** Where an organization's portal page lives (customer apps link to `/portal?organization_id=`). */
export function portalOrganizationHref(organizationId: string): string {
  return `/portal/organizations/${encodeURIComponent(organizationId)}`;
}
