// Which endpoints the control plane offers, read from its OpenAPI document: pages for features that are still being
// built (members, usage, integrations) say "not available yet" instead of guessing.
import { useEffect, useState } from 'react';

let cached: Promise<Set<string> | null> | null = null;

export function loadPaths(): Promise<Set<string> | null> {
  if (!cached) {
    cached = fetch('/openapi?format=json', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((doc: { paths?: Record<string, unknown> } | null) => (doc?.paths ? new Set(Object.keys(doc.paths)) : null))
      .catch(() => null);
  }
  return cached;
}

/** For tests. */
export function resetCapabilities(): void {
  cached = null;
}

export interface Capabilities {
  loaded: boolean;
  /** null when the OpenAPI document could not be read */
  paths: Set<string> | null;
  has: (path: string) => boolean;
  /** the first of these paths that exists */
  first: (...paths: string[]) => string | undefined;
}

export function useCapabilities(): Capabilities {
  const [paths, setPaths] = useState<Set<string> | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadPaths().then((p) => live && setPaths(p));
    return () => {
      live = false;
    };
  }, []);
  const has = (p: string) => !!paths && paths.has(p);
  return {
    loaded: paths !== undefined,
    paths: paths ?? null,
    has,
    first: (...ps: string[]) => ps.find(has),
  };
}
