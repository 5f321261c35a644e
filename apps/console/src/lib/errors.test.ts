import { TRPCClientError } from "@trpc/client";
import { describe, expect, it, vi } from "vitest";
import { applyServerErrors, domainCode, errorMessage, fieldIssues } from "./errors";

function trpcError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } } as never);
}

describe("tRPC errors on forms", () => {
  it("reads the domain code and field issues from the error shape", () => {
    const error = trpcError("name: Name is required", {
      code: "BAD_REQUEST",
      domainCode: "guard.invalid_input",
      domainData: { issues: [{ path: ["name"], message: "Name is required" }] },
    });
    expect(domainCode(error)).toBe("guard.invalid_input");
    expect(fieldIssues(error)).toEqual([{ path: "name", message: "Name is required" }]);
  });

  it("puts issues on fields and returns what matches no field", () => {
    const setError = vi.fn();
    const error = trpcError("bad", {
      code: "BAD_REQUEST",
      domainCode: "guard.invalid_input",
      domainData: {
        issues: [
          { path: ["name"], message: "Name is required" },
          { path: ["other"], message: "Something else" },
        ],
      },
    });
    expect(applyServerErrors(error, setError, ["name"])).toBe("Something else");
    expect(setError).toHaveBeenCalledWith("name", { type: "server", message: "Name is required" });
  });

  it("maps a domain code to its field", () => {
    const setError = vi.fn();
    const error = trpcError('A permission named "x" already exists.', {
      code: "CONFLICT",
      domainCode: "organization_permission.name_taken",
      domainData: { name: "x" },
    });
    expect(
      applyServerErrors(error, setError, ["name"], {
        "organization_permission.name_taken": "name",
      }),
    ).toBeNull();
    expect(setError).toHaveBeenCalledWith("name", {
      type: "server",
      message: 'A permission named "x" already exists.',
    });
  });

  it("hides internal errors behind a generic message", () => {
    expect(errorMessage(trpcError("connection refused", { code: "INTERNAL_SERVER_ERROR" }))).toBe(
      "Something went wrong. Try again.",
    );
  });
});
