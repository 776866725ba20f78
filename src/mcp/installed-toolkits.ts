import { type Catalog, catalogOf } from "./catalog";
import type { Toolkit } from "./define";

/**
 * The toolkits this deployment serves. The composition point (src/index.ts, from the registry in
 * src/toolkits/index.ts) installs them once when the Worker's module is evaluated; everything above
 * the toolkits (both eras, the OAuth settings, the home and consent pages) reads them from here, so no
 * layer below the composition point imports the registry.
 */
export interface InstalledToolkits {
  toolkits: readonly Toolkit[];
  catalog: Catalog;
  /** The server's `instructions`: what Outpost is, then each toolkit's one-line guidance. */
  instructions: string;
  /** Every scope any toolkit declares, with its consent-page sentence. */
  scopes: Record<string, string>;
}

let installed: InstalledToolkits | undefined;

export function installToolkits(toolkits: readonly Toolkit[]): InstalledToolkits {
  installed = {
    toolkits,
    catalog: catalogOf(toolkits),
    instructions: serverInstructions(toolkits),
    scopes: toolkitScopes(toolkits),
  };
  return installed;
}

export function installedToolkits(): InstalledToolkits {
  if (!installed)
    throw new Error("No toolkits installed: src/index.ts calls installToolkits() when the Worker starts.");
  return installed;
}

export function serverInstructions(list: readonly Toolkit[]): string {
  const lines = list.filter((toolkit) => toolkit.guidance).map((toolkit) => `- ${toolkit.guidance}`);
  return ["Outpost connects Claude to the user's own tools and data.", ...lines].join("\n");
}

export function toolkitScopes(list: readonly Toolkit[]): Record<string, string> {
  return Object.assign({}, ...list.map((toolkit) => toolkit.scopes));
}
