import { describe, expect, it } from "vitest";
import { deliveryStatusLabel } from "./delivery-status";

describe("deliveryStatusLabel", () => {
  it("never calls an email sent when there is no SMTP server", () => {
    expect(deliveryStatusLabel("Sent", "local")).toBe("Local outbox (not sent)");
    expect(deliveryStatusLabel("Sent", "smtp")).toBe("Sent");
    expect(deliveryStatusLabel("Pending", "local")).toBe("Pending");
    expect(deliveryStatusLabel("Failed", "smtp")).toBe("Failed");
  });
});
