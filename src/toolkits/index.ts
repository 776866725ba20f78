/**
 * The toolkit registry: adding a toolkit is one import and one entry here (docs/adding-a-toolkit.md).
 * Order is the order tools are listed in. Only the composition point (src/index.ts) imports this
 * module; it installs the list (src/mcp/installed-toolkits.ts) for every layer above the toolkits.
 */
import type { Toolkit } from "../mcp/define";
import { calculatorToolkit } from "./calculator";
import { connectorToolkit } from "./connector";
import { deploymentDescription } from "./deployment-description";
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
  connectorToolkit({ registry: () => toolkits, deployment: deploymentDescription }),
];
