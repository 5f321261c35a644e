export { listOrganizationSuggestions } from "./suggestions.ts";
export { requestMembership } from "./request-membership.ts";
export { listMembershipRequests } from "./list-membership-requests.ts";
export { decideMembershipRequest } from "./decide-membership-request.ts";
