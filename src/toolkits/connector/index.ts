import { defineToolkit, type Toolkit } from "../../mcp/define";
import { analyzeErrorPrompt } from "./analyze-error";
import { codeReviewPrompt } from "./code-review";
import { configResource, type DeploymentDescription } from "./config-resource";
import { CONNECTOR_LIMITS } from "./limits";
import { toolDocsResource } from "./tool-docs-resource";

export interface ConnectorToolkitOptions {
  /**
   * Every registered toolkit, this one included, read when a request needs it. A function because
   * the registry (src/toolkits/index.ts) lists this toolkit: importing it here would be circular.
   */
  registry: () => readonly Toolkit[];
  /** The deployment's settings for `config://connector/{section}`: they come from layers above the toolkits. */
  deployment: DeploymentDescription;
  /** Resources per `resources/list` page for each template. */
  pageSize?: number;
}

/**
 * The connector describing itself: prompts any connection can use (code review, error analysis)
 * and resources for its configuration and its tools' documentation. No tools, so no scopes.
 */
export function connectorToolkit(options: ConnectorToolkitOptions): Toolkit {
  const shared = {
    registry: options.registry,
    deployment: options.deployment,
    pageSize: options.pageSize ?? CONNECTOR_LIMITS.defaultPageSize,
  };
  return defineToolkit({
    name: "connector",
    title: "Connector",
    guidance:
      "The code_review and analyze_error prompts, config://connector/{section} for this connector's settings and docs://tools/{name} for any tool's documentation.",
    scopes: {},
    // What config://connector/{section} reads to describe the deployment.
    bindings: options.deployment.bindings,
    tools: [],
    prompts: [codeReviewPrompt, analyzeErrorPrompt],
    resourceTemplates: [configResource(shared), toolDocsResource(shared)],
  });
}
