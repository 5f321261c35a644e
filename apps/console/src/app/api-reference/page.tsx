// The Management API reference, rendered on the server from the OpenAPI document the API
// serves at /api/openapi.json (no client script, nothing loaded from a CDN).
import { getManagementApiDocument, type OpenApiOperation } from "@guildhall/api/rest";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { readEnv } from "@/env";

export const metadata: Metadata = { title: "Management API reference" };
export const dynamic = "force-dynamic";

type Json = Record<string, unknown>;

const METHOD_STYLE: Record<string, string> = {
  get: "bg-success-muted text-success",
  post: "bg-accent text-accent-foreground",
  put: "bg-warning-muted text-warning",
  patch: "bg-warning-muted text-warning",
  delete: "bg-danger-muted text-danger",
};

function anchor(operationId: string) {
  return `op-${operationId}`;
}

/** Backticks as code, **bold**, and paragraphs: all the Markdown the document uses. */
function Prose({ text, className = "" }: { text?: string; className?: string }) {
  if (!text) return null;
  return (
    <div className={`space-y-2 text-sm leading-6 text-muted-foreground ${className}`}>
      {text.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{inline(paragraph)}</p>
      ))}
    </div>
  );
}

function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith("`") && part.endsWith("`")) {
      return (
        <code key={i} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.8em] text-foreground">
          {part.slice(1, -1)}
        </code>
      );
    }
    if (part.startsWith("**") && part.endsWith("**")) {
      return (
        <strong key={i} className="font-semibold text-foreground">
          {part.slice(2, -2)}
        </strong>
      );
    }
    return part;
  });
}

function refName(schema: Json): string | undefined {
  const ref = schema.$ref;
  return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

/** A one-line type: `string | null`, `array of Organization`, `"User" | "MachineToMachine"`. */
function typeLabel(schema: Json): string {
  const ref = refName(schema);
  if (ref) return ref;
  if ("not" in schema) return "not allowed";
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return [...new Set(variants.map(typeLabel))].join(" | ");
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") return `array of ${typeLabel((schema.items ?? {}) as Json)}`;
  if (type === "object" && !schema.properties) return "object";
  return typeof type === "string" ? type : "any";
}

function constraints(schema: Json): string[] {
  const out: string[] = [];
  const add = (label: string, key: string) => {
    const value = schema[key];
    if (typeof value === "number" && Math.abs(value) < Number.MAX_SAFE_INTEGER) out.push(`${label} ${value}`);
  };
  add("min", "minimum");
  add("max", "maximum");
  add("min length", "minLength");
  add("max length", "maxLength");
  add("max items", "maxItems");
  add("min items", "minItems");
  if (typeof schema.format === "string") out.push(schema.format);
  if (typeof schema.pattern === "string") out.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The object whose fields to list, looking through `T | null` and arrays. */
function fieldsOf(schema: Json): Json | undefined {
  if (schema.type === "object" && schema.properties) return schema;
  if (schema.type === "array" && schema.items) return fieldsOf(schema.items as Json);
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  const objects = variants?.map(fieldsOf).filter(Boolean);
  return objects?.length === 1 ? objects[0] : undefined;
}

function SchemaFields({ schema, depth = 0 }: { schema: Json; depth?: number }) {
  const object = fieldsOf(schema);
  if (!object) return null;
  const properties = object.properties as Record<string, Json>;
  const required = new Set((object.required ?? []) as string[]);
  return (
    <ul className={depth > 0 ? "mt-2 space-y-2 border-l border-border pl-4" : "space-y-2"}>
      {Object.entries(properties).map(([name, property]) => {
        const ref = refName(property) ?? refName((property.items ?? {}) as Json);
        const notes = constraints(property);
        return (
          <li key={name} className="text-sm">
            <div className="flex flex-wrap items-baseline gap-x-2">
              <code className="font-mono font-medium text-foreground">{name}</code>
              {ref ? (
                <a href={`#schema-${ref}`} className="font-mono text-xs text-primary hover:underline">
                  {typeLabel(property)}
                </a>
              ) : (
                <span className="font-mono text-xs text-muted-foreground">{typeLabel(property)}</span>
              )}
              {required.has(name) ? <span className="text-xs font-medium text-danger">required</span> : null}
              {notes.length ? <span className="text-xs text-muted-foreground">· {notes.join(" · ")}</span> : null}
            </div>
            {typeof property.description === "string" ? <Prose text={property.description} className="mt-0.5" /> : null}
            {depth < 3 && !ref ? <SchemaFields schema={property} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function SchemaBlock({ schema }: { schema: Json }) {
  const ref = refName(schema) ?? (schema.type === "array" ? refName((schema.items ?? {}) as Json) : undefined);
  return (
    <div className="space-y-2">
      <p className="font-mono text-xs text-muted-foreground">
        {ref ? (
          <>
            {schema.type === "array" ? "array of " : null}
            <a href={`#schema-${ref}`} className="text-primary hover:underline">
              {ref}
            </a>
          </>
        ) : (
          typeLabel(schema)
        )}
      </p>
      {ref ? null : <SchemaFields schema={schema} />}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{title}</h4>
      {children}
    </div>
  );
}

function Operation({ method, path, op }: { method: string; path: string; op: OpenApiOperation }) {
  const body = (op.requestBody?.content as Json | undefined)?.["application/json"] as Json | undefined;
  const responses = Object.entries(op.responses);
  return (
    <article id={anchor(op.operationId)} className="scroll-mt-6 space-y-5 rounded-lg border border-border bg-card p-5">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${METHOD_STYLE[method] ?? "bg-muted"}`}>{method}</span>
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
                  <tr key={`${String(p.in)}-${String(p.name)}`} className="border-t border-border align-top">
                    <td className="py-1.5 pr-4">
                      <code className="font-mono">{String(p.name)}</code>
                      {p.required ? <span className="ml-1 text-xs text-danger">*</span> : null}
                    </td>
                    <td className="py-1.5 pr-4 text-muted-foreground">{String(p.in)}</td>
                    <td className="py-1.5 pr-4 font-mono text-xs text-muted-foreground">{typeLabel(schema)}</td>
                    <td className="py-1.5 text-muted-foreground">
                      {typeof p.description === "string" ? inline(p.description) : null}
                      {notes.length ? <span className="block text-xs">{notes.join(" · ")}</span> : null}
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
                  <span className={`font-mono font-semibold ${isError ? "text-danger" : "text-success"}`}>{status}</span>
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

function SchemaCard({ name, schema }: { name: string; schema: Json }) {
  return (
    <article id={`schema-${name}`} className="scroll-mt-6 space-y-3 rounded-lg border border-border bg-card p-5">
      <h3 className="font-mono text-sm font-semibold">{name}</h3>
      {typeof schema.description === "string" ? <Prose text={schema.description} /> : null}
      <SchemaFields schema={schema} />
    </article>
  );
}

export default function ApiReferencePage() {
  const env = readEnv();
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const doc = getManagementApiDocument({ baseUrl });
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  const byTag = doc.tags.map((tag) => ({ ...tag, operations: operations.filter((o) => o.op.tags.includes(tag.name)) }));
  const schemas = Object.entries(doc.components.schemas);

  return (
    <div className="mx-auto flex max-w-7xl gap-10 px-6 py-10">
      <nav aria-label="Operations" className="sticky top-6 hidden h-[calc(100dvh-3rem)] w-80 shrink-0 overflow-y-auto pr-2 text-sm lg:block">
        <a href="#top" className="mb-4 block font-semibold">
          Management API
        </a>
        {byTag.map((tag) => (
          <div key={tag.name} className="mb-5">
            <a href={`#tag-${tag.name}`} className="mb-1 block text-xs font-semibold uppercase tracking-wide text-muted-foreground">
              {tag.name}
            </a>
            <ul className="space-y-0.5">
              {tag.operations.map(({ method, path, op }) => (
                <li key={op.operationId}>
                  <a href={`#${anchor(op.operationId)}`} className="flex items-baseline gap-2 rounded px-1 py-0.5 hover:bg-muted">
                    <span className="w-12 shrink-0 font-mono text-[0.65rem] font-bold uppercase text-muted-foreground">{method}</span>
                    <span className="break-all font-mono text-xs">
                      {path.replace(/^\/api/, "")}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <a href="#schemas" className="block text-xs font-semibold uppercase tracking-wide text-muted-foreground">
          Schemas
        </a>
      </nav>

      <main id="top" className="min-w-0 flex-1 space-y-12">
        <header className="space-y-4">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold">{String(doc.info.title)}</h1>
            <span className="rounded bg-muted px-2 py-0.5 font-mono text-xs">v{String(doc.info.version)}</span>
            <span className="rounded bg-muted px-2 py-0.5 font-mono text-xs">OpenAPI {doc.openapi}</span>
          </div>
          <Prose text={String(doc.info.description)} />
          <p className="text-sm">
            Base URL <code className="rounded bg-muted px-1 py-0.5 font-mono">{doc.servers[0]?.url}</code> ·{" "}
            <a href="/api/openapi.json" className="text-primary hover:underline">
              openapi.json
            </a>
          </p>
        </header>

        {byTag.map((tag) => (
          <section key={tag.name} id={`tag-${tag.name}`} className="scroll-mt-6 space-y-4">
            <div>
              <h2 className="text-xl font-semibold">{tag.name}</h2>
              <Prose text={tag.description} />
            </div>
            {tag.operations.map(({ method, path, op }) => (
              <Operation key={op.operationId} method={method} path={path} op={op} />
            ))}
          </section>
        ))}

        <section id="schemas" className="scroll-mt-6 space-y-4">
          <h2 className="text-xl font-semibold">Schemas</h2>
          <Prose text="Every error answers with `Error`. Timestamps are Unix epoch milliseconds." />
          {schemas.map(([name, schema]) => (
            <SchemaCard key={name} name={name} schema={schema} />
          ))}
        </section>
      </main>
    </div>
  );
}
