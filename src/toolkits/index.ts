/**
 * The toolkit registry: adding a toolkit is one import and one entry here (docs/adding-a-toolkit.md).
 * Order is the order tools are listed in.
 */
import type { Toolkit } from "../mcp/define";
import { calculatorToolkit } from "./calculator";
import { connectorToolkit } from "./connector";
import { notifyToolkit } from "./notify";
import { sessionToolkit } from "./session";
import { weatherToolkit } from "./weather";
import { workspaceToolkits } from "./workspace";

export const toolkits: readonly Toolkit[] = [
  ...workspaceToolkits,
  sessionToolkit,
  weatherToolkit,
  calculatorToolkit,
  notifyToolkit,
  // Reads the registry when asked (its docs and config cover every toolkit), never at import.
  connectorToolkit({ registry: () => toolkits }),
];

/** The server's `instructions`: what Outpost is, then each toolkit's one-line guidance. */
export function serverInstructions(list: readonly Toolkit[] = toolkits): string {
  const lines = list.filter((toolkit) => toolkit.guidance).map((toolkit) => `- ${toolkit.guidance}`);
  return ["Outpost connects Claude to the user's own tools and data.", ...lines].join("\n");
}

/** Every scope any toolkit declares, with its consent-page sentence. */
export function toolkitScopes(list: readonly Toolkit[] = toolkits): Record<string, string> {
  return Object.assign({}, ...list.map((toolkit) => toolkit.scopes));
}
