/** Why collaborators only look: a connector decides who may sign in as whom. */
export const READ_ONLY_NOTE =
  "Only console admins can add, change or delete SSO connectors: a connector decides which identity provider may sign people in, and as whom.";
