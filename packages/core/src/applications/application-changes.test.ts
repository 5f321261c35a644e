import { afterEach, describe, expect, it } from "vitest";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { onApplicationChanged } from "./application-changes.ts";
import { createApplication, deleteApplication, updateApplication } from "./applications.ts";

const t = useTestDatabase();
let stop: (() => void) | undefined;
afterEach(() => stop?.());

function listen() {
  const seen: string[] = [];
  stop = onApplicationChanged((id) => seen.push(id));
  return seen;
}

describe("application change notifications", () => {
  it("tell listeners about an update and a deletion once they have committed", async () => {
    const { application } = await createApplication(t.ctx(), {
      name: "Notified",
      type: "SPA",
      redirectUris: ["http://127.0.0.1:9/a"],
    });
    const seen = listen();
    await updateApplication(t.ctx(), { id: application.id, name: "Renamed" });
    expect(seen).toEqual([application.id]);
    await deleteApplication(t.ctx(), { id: application.id });
    expect(seen).toEqual([application.id, application.id]);
  });

  it("say nothing when the change fails, and a throwing listener does not break the change", async () => {
    const seen = listen();
    await expectDomainError(
      updateApplication(t.ctx(), { id: "missing", name: "x" }),
      "application.not_found",
    );
    expect(seen).toEqual([]);

    const { application } = await createApplication(t.ctx(), {
      name: "Sturdy",
      type: "SPA",
      redirectUris: ["http://127.0.0.1:9/a"],
    });
    const stopThrowing = onApplicationChanged(() => {
      throw new Error("listener bug");
    });
    try {
      await expect(
        updateApplication(t.ctx(), { id: application.id, name: "Still renamed" }),
      ).resolves.toMatchObject({ name: "Still renamed" });
      expect(seen).toEqual([application.id]);
    } finally {
      stopThrowing();
    }
  });
});
