/**
 * The toolkit registry: adding a toolkit is one import and one entry here (docs/adding-a-toolkit.md).
 * Order is the order tools are listed in.
 */
import type { Toolkit } from "../mcp/define";
import { sessionToolkit } from "./session";
import { connectorToolkit } from "./connector";
import { notifyToolkit } from "./notify";
import { workspaceToolkits } from "./workspace";
import { calculatorToolkit } from "./calculator";
import { weatherToolkit } from "./weather";

export const toolkits: readonly Toolkit[] = [sessionToolkit, connectorToolkit({ registry: () => toolkits }), notifyToolkit, ...workspaceToolkits, calculatorToolkit, weatherToolkit];

/** Every scope any toolkit declares, with its consent-page sentence. */
export function toolkitScopes(list: readonly Toolkit[] = toolkits): Record<string, string> {
  return Object.assign({}, ...list.map((toolkit) => toolkit.scopes));
}
