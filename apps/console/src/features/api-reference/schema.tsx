import { Prose } from "./prose";
import { constraints, fieldsOf, refName, typeLabel, type Json } from "./schema-labels";

/** The fields of an object schema, nested up to three levels; named schemas become links. */
export function SchemaFields({ schema, depth = 0 }: { schema: Json; depth?: number }) {
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
                <a
                  href={`#schema-${ref}`}
                  className="font-mono text-xs text-primary hover:underline"
                >
                  {typeLabel(property)}
                </a>
              ) : (
                <span className="font-mono text-xs text-muted-foreground">
                  {typeLabel(property)}
                </span>
              )}
              {required.has(name) ? (
                <span className="text-xs font-medium text-danger">required</span>
              ) : null}
              {notes.length ? (
                <span className="text-xs text-muted-foreground">· {notes.join(" · ")}</span>
              ) : null}
            </div>
            {typeof property.description === "string" ? (
              <Prose text={property.description} className="mt-0.5" />
            ) : null}
            {depth < 3 && !ref ? <SchemaFields schema={property} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** A request or response body: a link to its named schema, or its fields inline. */
export function SchemaBlock({ schema }: { schema: Json }) {
  const ref =
    refName(schema) ??
    (schema.type === "array" ? refName((schema.items ?? {}) as Json) : undefined);
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

/** One named schema of `components.schemas`, the target of the links above. */
export function SchemaCard({ name, schema }: { name: string; schema: Json }) {
  return (
    <article
      id={`schema-${name}`}
      className="scroll-mt-6 space-y-3 rounded-lg border border-border bg-card p-5"
    >
      <h3 className="font-mono text-sm font-semibold">{name}</h3>
      {typeof schema.description === "string" ? <Prose text={schema.description} /> : null}
      <SchemaFields schema={schema} />
    </article>
  );
}
