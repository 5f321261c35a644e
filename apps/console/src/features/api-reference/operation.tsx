import type { OpenApiOperation } from "@guildhall/api/rest";
import type { ReactNode } from "react";
import { inline, Prose } from "./prose";
import { SchemaBlock } from "./schema";
import { constraints, operationAnchor, typeLabel, type Json } from "./schema-labels";

const METHOD_STYLE: Record<string, string> = {
  get: "bg-success-muted text-success",
  post: "bg-accent text-accent-foreground",
  put: "bg-warning-muted text-warning",
  patch: "bg-warning-muted text-warning",
  delete: "bg-danger-muted text-danger",
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">
        {title}
      </h4>
      {children}
    </div>
  );
}

/** One operation: method and path, description, parameters, request body and responses. */
export function Operation({
  method,
  path,
  op,
}: {
  method: string;
  path: string;
  op: OpenApiOperation;
}) {
  const body = (op.requestBody?.content as Json | undefined)?.["application/json"] as
    Json | undefined;
  const responses = Object.entries(op.responses);
  return (
    <article
      id={operationAnchor(op.operationId)}
      className="scroll-mt-6 space-y-5 rounded-lg border border-border bg-card p-5"
    >
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <span
            className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${METHOD_STYLE[method] ?? "bg-muted"}`}
          >
            {method}
          </span>
          <code className="break-all font-mono text-sm font-medium">{path}</code>
          <span className="ml-auto rounded border border-border px-2 py-0.5 text-xs text-muted-foreground">
            {op.security.length ? "Bearer token" : "Public"}
          </span>
        </div>
        <h3 className="text-base font-semibold">{op.summary}</h3>
        <Prose text={op.description} />
      </header>

      {op.parameters.length ? (
        <Section title="Parameters">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-muted-foreground">
              <tr>
                <th className="py-1 pr-4 font-medium">Name</th>
                <th className="py-1 pr-4 font-medium">In</th>
                <th className="py-1 pr-4 font-medium">Type</th>
                <th className="py-1 font-medium">Description</th>
              </tr>
            </thead>
            <tbody>
              {op.parameters.map((p) => {
                const schema = (p.schema ?? {}) as Json;
                const notes = constraints(schema);
                return (
                  <tr
                    key={`${String(p.in)}-${String(p.name)}`}
                    className="border-t border-border align-top"
                  >
                    <td className="py-1.5 pr-4">
                      <code className="font-mono">{String(p.name)}</code>
                      {p.required ? <span className="ml-1 text-xs text-danger">*</span> : null}
                    </td>
                    <td className="py-1.5 pr-4 text-muted-foreground">{String(p.in)}</td>
                    <td className="py-1.5 pr-4 font-mono text-xs text-muted-foreground">
                      {typeLabel(schema)}
                    </td>
                    <td className="py-1.5 text-muted-foreground">
                      {typeof p.description === "string" ? inline(p.description) : null}
                      {notes.length ? (
                        <span className="block text-xs">{notes.join(" · ")}</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Section>
      ) : null}

      {body ? (
        <Section title="Request body · application/json">
          <SchemaBlock schema={(body.schema ?? {}) as Json} />
        </Section>
      ) : null}

      <Section title="Responses">
        <ul className="space-y-3">
          {responses.map(([status, response]) => {
            const content = response.content?.["application/json"] as Json | undefined;
            const isError = Number(status) >= 400;
            return (
              <li key={status} className="text-sm">
                <div className="grid grid-cols-[2.5rem_1fr] items-baseline gap-2">
                  <span
                    className={`font-mono font-semibold ${isError ? "text-danger" : "text-success"}`}
                  >
                    {status}
                  </span>
                  <span className="text-muted-foreground">{inline(response.description)}</span>
                </div>
                {response.headers ? (
                  <p className="mt-1 pl-12 text-xs text-muted-foreground">
                    Headers:{" "}
                    {Object.keys(response.headers).map((h, i) => (
                      <span key={h}>
                        {i ? ", " : null}
                        <code className="font-mono">{h}</code>
                      </span>
                    ))}
                  </p>
                ) : null}
                {content && !isError ? (
                  <div className="ml-12 mt-2 rounded-md bg-muted/50 p-3">
                    <SchemaBlock schema={(content.schema ?? {}) as Json} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>
    </article>
  );
}
