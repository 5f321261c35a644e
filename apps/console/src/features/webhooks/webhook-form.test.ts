import { EVENT_NAMES, type WebhookEventCatalog } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import {
  emptyWebhookForm,
  eventCategory,
  formFieldOf,
  groupEvents,
  headersRecord,
  webhookFormSchema,
  webhookRequest,
} from "./webhook-form";

const catalog: WebhookEventCatalog = EVENT_NAMES.map((name) => ({
  name,
  logto: true,
  description: name,
}));

const valid = {
  ...emptyWebhookForm,
  name: "Billing sync",
  url: "https://hooks.example.com/guildhall",
  events: ["Organization.Created" as const],
};

function issues(input: unknown) {
  const result = webhookFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("event categories", () => {
  it("puts every event Guildhall emits in a category", () => {
    for (const name of EVENT_NAMES) expect(eventCategory(name), name).toBeDefined();
  });

  it("groups the catalog in the picker's order", () => {
    const groups = groupEvents(catalog);
    expect(groups.map((g) => g.category)).toEqual([
      "User",
      "Role",
      "Scope",
      "Organization",
      "Organization role",
      "Organization scope",
      "Invitations",
      "Interactions",
    ]);
    expect(groups.find((g) => g.category === "Organization")?.events.map((e) => e.name)).toEqual([
      "Organization.Created",
      "Organization.Deleted",
      "Organization.Data.Updated",
      "Organization.Membership.Updated",
      "Organization.Membership.Roles.Updated",
    ]);
    expect(groups.flatMap((g) => g.events)).toHaveLength(EVENT_NAMES.length);
  });
});

describe("webhook form", () => {
  it("accepts a webhook and builds the request, blank header rows dropped", () => {
    const values = webhookFormSchema.parse({
      ...valid,
      headers: [
        { name: " X-Api-Key ", value: "secret" },
        { name: "", value: "" },
      ],
    });
    expect(webhookRequest(values)).toEqual({
      name: "Billing sync",
      events: ["Organization.Created"],
      config: { url: "https://hooks.example.com/guildhall", headers: { "X-Api-Key": "secret" } },
      enabled: true,
    });
  });

  it("asks for at least one event and a usable URL", () => {
    expect(issues({ ...valid, events: [], url: "https://user:pw@example.com/" })).toEqual([
      ["events", "Choose at least one event"],
      ["url", expect.stringContaining("without credentials")],
    ]);
  });

  it("puts header problems on their row", () => {
    expect(
      issues({
        ...valid,
        headers: [
          { name: "bad name", value: "x" },
          { name: "Webhook-Signature", value: "x" },
          { name: "X-Ok", value: "line\nbreak" },
          { name: "X-Key", value: "1" },
          { name: "x-key", value: "2" },
          { name: "", value: "orphan value" },
        ],
      }),
    ).toEqual([
      ["headers.0.name", expect.stringContaining("RFC 7230")],
      ["headers.1.name", expect.stringContaining("Guildhall sets this header itself")],
      ["headers.2.value", expect.stringContaining("CR, LF")],
      ["headers.4.name", "This header is already listed (names are case-insensitive)"],
      ["headers.5.name", "A header name is required"],
    ]);
  });

  it("limits the number of headers", () => {
    const headers = Array.from({ length: 21 }, (_, i) => ({ name: `X-H${i}`, value: "v" }));
    expect(issues({ ...valid, headers })).toEqual([
      ["headers", "At most 20 custom headers per webhook"],
    ]);
  });

  it("maps server issue paths to form fields", () => {
    expect(formFieldOf("config.url")).toBe("url");
    expect(formFieldOf("config.headers.X-Key")).toBe("headers");
    expect(formFieldOf("events.0")).toBe("events");
    expect(formFieldOf("name")).toBe("name");
    expect(formFieldOf("id")).toBeNull();
  });

  it("keeps header values as typed", () => {
    expect(headersRecord([{ name: "A", value: " spaced " }])).toEqual({ A: " spaced " });
  });
});
