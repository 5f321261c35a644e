import type { OpenApiDocument } from "@guildhall/api/rest";
import { Operation } from "./operation";
import { Prose } from "./prose";
import { SchemaCard } from "./schema";
import { operationAnchor } from "./schema-labels";

/**
 * The Management API reference, rendered on the server from the OpenAPI document (no client
 * script, nothing loaded from a CDN, so it works offline and under the page's nonce CSP):
 * operations grouped by tag with a side navigation, then every named schema.
 */
export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );
  const byTag = doc.tags.map((tag) => ({
    ...tag,
    operations: operations.filter((o) => o.op.tags.includes(tag.name)),
  }));
  const schemas = Object.entries(doc.components.schemas);

  return (
    <div className="mx-auto flex max-w-7xl gap-10 px-6 py-10">
      <nav
        aria-label="Operations"
        className="sticky top-6 hidden h-[calc(100dvh-3rem)] w-80 shrink-0 overflow-y-auto pr-2 text-sm lg:block"
      >
        <a href="#top" className="mb-4 block font-semibold">
          Management API
        </a>
        {byTag.map((tag) => (
          <div key={tag.name} className="mb-5">
            <a
              href={`#tag-${tag.name}`}
              className="mb-1 block text-xs font-semibold uppercase tracking-wide text-muted-foreground"
            >
              {tag.name}
            </a>
            <ul className="space-y-0.5">
              {tag.operations.map(({ method, path, op }) => (
                <li key={op.operationId}>
                  <a
                    href={`#${operationAnchor(op.operationId)}`}
                    className="flex items-baseline gap-2 rounded px-1 py-0.5 hover:bg-muted"
                  >
                    <span className="w-12 shrink-0 font-mono text-[0.65rem] font-bold uppercase text-muted-foreground">
                      {method}
                    </span>
                    <span className="break-all font-mono text-xs">
                      {path.replace(/^\/api/, "")}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <a
          href="#schemas"
          className="block text-xs font-semibold uppercase tracking-wide text-muted-foreground"
        >
          Schemas
        </a>
      </nav>

      <main id="top" className="min-w-0 flex-1 space-y-12">
        <header className="space-y-4">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold">{String(doc.info.title)}</h1>
            <span className="rounded bg-muted px-2 py-0.5 font-mono text-xs">
              v{String(doc.info.version)}
            </span>
            <span className="rounded bg-muted px-2 py-0.5 font-mono text-xs">
              OpenAPI {doc.openapi}
            </span>
          </div>
          <Prose text={String(doc.info.description)} />
          <p className="text-sm">
            Base URL{" "}
            <code className="rounded bg-muted px-1 py-0.5 font-mono">{doc.servers[0]?.url}</code> ·{" "}
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
