/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (s: string | undefined) =>
  (s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
