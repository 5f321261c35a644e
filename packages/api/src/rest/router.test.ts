import { DomainError } from "@guildhall/core";
import { describe, expect, it } from "vitest";
import { E, logtoErrorOf, toErrorResponse } from "./errors.ts";
import { linkHeader, parsePagination } from "./http.ts";
import { createMatcher, emptyRoute, pageOf } from "./router.ts";

const noop = async () => {};
const routes = [
  emptyRoute({
    method: "POST",
    path: "/api/o/{id}/users/roles",
    operationId: "a",
    tag: "Users",
    summary: "",
    status: 201,
    handler: noop,
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/o/{id}/users/{userId}",
    operationId: "b",
    tag: "Users",
    summary: "",
    status: 204,
    handler: noop,
  }),
  emptyRoute({
    method: "POST",
    path: "/api/o/{id}/users/{userId}",
    operationId: "c",
    tag: "Users",
    summary: "",
    status: 201,
    handler: noop,
  }),
];

describe("createMatcher", () => {
  const match = createMatcher(routes);

  it("prefers literal segments over parameters", () => {
    expect(match("POST", "/api/o/1/users/roles")).toMatchObject({
      kind: "found",
      route: { operationId: "a" },
      params: { id: "1" },
    });
    expect(match("POST", "/api/o/1/users/u2")).toMatchObject({
      kind: "found",
      route: { operationId: "c" },
      params: { id: "1", userId: "u2" },
    });
  });

  it("falls back to a parameter route for another method on a literal path", () => {
    expect(match("DELETE", "/api/o/1/users/roles")).toMatchObject({
      kind: "found",
      route: { operationId: "b" },
      params: { userId: "roles" },
    });
  });

  it("tells 404 from 405", () => {
    expect(match("GET", "/api/o/1/users/roles")).toEqual({
      kind: "method_not_allowed",
      allowed: ["POST", "DELETE"],
    });
    expect(match("GET", "/api/x")).toEqual({ kind: "not_found" });
  });

  it("refuses two routes for the same method and path shape", () => {
    expect(() =>
      createMatcher([
        ...routes,
        { ...routes[1], path: "/api/o/{x}/users/{y}" } as (typeof routes)[number],
      ]),
    ).toThrow(/Two routes/);
  });
});

describe("pagination", () => {
  const url = (q: string) => new URL(`http://h/api/things?${q}`);

  it("defaults to page 1 of 20; empty values count as absent", () => {
    expect(parsePagination(url(""), false)).toEqual({ page: 1, pageSize: 20 });
    expect(parsePagination(url("page=&page_size="), false)).toEqual({ page: 1, pageSize: 20 });
    expect(parsePagination(url(""), true)).toBeNull();
    expect(parsePagination(url("page_size=5"), true)).toEqual({ page: 1, pageSize: 5 });
  });

  it("builds first/prev/next/last links on the public origin, keeping other parameters", () => {
    const header = linkHeader(
      "https://id.example.com",
      url("q=a%2Cb&page=2&page_size=10"),
      { page: 2, pageSize: 10 },
      35,
    );
    expect(header).toBe(
      [
        '<https://id.example.com/api/things?q=a%2Cb&page=1&page_size=10>; rel="first"',
        '<https://id.example.com/api/things?q=a%2Cb&page=1&page_size=10>; rel="prev"',
        '<https://id.example.com/api/things?q=a%2Cb&page=3&page_size=10>; rel="next"',
        '<https://id.example.com/api/things?q=a%2Cb&page=4&page_size=10>; rel="last"',
      ].join(", "),
    );
    // Past the end, prev points at the last page.
    expect(linkHeader("https://x", url("page=9"), { page: 9, pageSize: 20 }, 5)).toContain(
      'page=1>; rel="prev"',
    );
  });

  it("slices in-memory lists", () => {
    expect(pageOf([1, 2, 3, 4, 5], { page: 2, pageSize: 2 })).toEqual({ items: [3, 4], total: 5 });
    expect(pageOf([1, 2], null)).toEqual({ items: [1, 2], total: 2 });
  });
});

describe("error mapping", () => {
  it("maps domain codes to Logto codes, by the error's data where Logto distinguishes", () => {
    expect(logtoErrorOf(new DomainError("organization.not_found", "x"))).toEqual(E.notExistsWithId);
    expect(
      logtoErrorOf(
        new DomainError("member.role_not_found", "x", { roleIds: [], roleNames: ["n"] }),
      ),
    ).toEqual(E.roleNamesNotFound);
    expect(
      logtoErrorOf(
        new DomainError("member.role_not_found", "x", { roleIds: ["i"], roleNames: [] }),
      ),
    ).toEqual(E.foreignKeyNotFound);
    expect(
      logtoErrorOf(new DomainError("member.not_found", "x"), { "member.not_found": E.notFound }),
    ).toEqual(E.notFound);
  });

  it("falls back to the domain code and its status for codes without a Logto equivalent", () => {
    expect(logtoErrorOf(new DomainError("application.not_found", "x"))).toEqual({
      status: 404,
      code: "application.not_found",
    });
  });

  it("answers unknown errors as a 500 without leaking the message", () => {
    const response = toErrorResponse(new Error("connection string postgres://secret"));
    expect(response).toMatchObject({
      status: 500,
      unexpected: true,
      body: { code: "internal_server_error" },
    });
    expect(JSON.stringify(response.body)).not.toContain("secret");
  });

  it("formats service validation issues as Logto details", () => {
    const error = new DomainError("guard.invalid_input", "name: Name is required", {
      issues: [{ path: ["name"], message: "Name is required" }],
    });
    expect(toErrorResponse(error).body).toMatchObject({
      code: "guard.invalid_input",
      details: 'Error in key path "name": Name is required',
    });
  });
});
