"use client";

// First: it configures zod before Scalar's modules load (imports evaluate in order).
import "./zod-jitless";
import "@scalar/api-reference-react/style.css";
import "./api-reference.css";
import { ApiReferenceReact } from "@scalar/api-reference-react";
import { scalarConfiguration } from "./scalar-configuration";

// One object for the page's lifetime: the wrapper re-applies the configuration when it changes.
const configuration = scalarConfiguration();

export function ScalarViewer() {
  return (
    <div className="guildhall-api-reference" data-testid="api-reference">
      <ApiReferenceReact configuration={configuration} />
    </div>
  );
}
