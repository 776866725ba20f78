import type { Config } from "../../config";
import {
  ANY_GRANT,
  defineResourceTemplate,
  type EnvName,
  type ResourceTemplateDefinition,
  resourceNotFound,
  type Toolkit,
  type ToolkitEnv,
} from "../../mcp/define";
import { completeFrom } from "./complete";
import { pageOfKeys } from "./paging";

export const CONFIG_URI_TEMPLATE = "config://connector/{section}";

const configUri = (section: string) => `config://connector/${section}`;

/** What the config resource shows, handed in by the composition point (src/toolkits/index.ts). */
export interface DeploymentDescription {
  /** The `Env` members `build` reads (settings, never secrets): the connector toolkit declares these. */
  bindings: readonly EnvName[];
  sections: readonly string[];
  summaries: Readonly<Record<string, string>>;
  build(
    section: string,
    inputs: { env: ToolkitEnv; config: Config; toolkits: readonly Toolkit[]; pageSize: number },
  ): Promise<Record<string, unknown>>;
}

/** `config://connector/{section}`: the effective, non-secret configuration, one JSON document per section. */
export function configResource(options: {
  registry: () => readonly Toolkit[];
  pageSize: number;
  deployment: DeploymentDescription;
}): ResourceTemplateDefinition {
  const { sections: CONFIG_SECTIONS, summaries: SECTION_SUMMARIES } = options.deployment;
  const isSection = (value: string) => CONFIG_SECTIONS.includes(value);
  return defineResourceTemplate({
    name: "connector_config",
    title: "Connector configuration",
    description:
      `The running connector's effective settings as JSON, one section per resource: ${CONFIG_SECTIONS.join(", ")}. ` +
      "Secrets are never included. Read it to learn the limits before a large request, or which toolkits and scopes exist.",
    uriTemplate: CONFIG_URI_TEMPLATE,
    mimeType: "application/json",
    scope: ANY_GRANT,
    list(_ctx, cursor) {
      const page = pageOfKeys(CONFIG_SECTIONS, cursor, options.pageSize);
      return {
        resources: page.keys.map((section) => ({
          uri: configUri(section),
          name: `connector_config_${section}`,
          title: `Connector configuration: ${section}`,
          description: SECTION_SUMMARIES[section],
          mimeType: "application/json",
        })),
        ...(page.nextCursor && { nextCursor: page.nextCursor }),
      };
    },
    complete: { section: completeFrom(CONFIG_SECTIONS) },
    async read(uri, { section }, ctx) {
      if (!section || !isSection(section)) throw resourceNotFound(uri.href);
      const data = await options.deployment.build(section, {
        env: ctx.env,
        config: ctx.config,
        toolkits: options.registry(),
        pageSize: options.pageSize,
      });
      return {
        contents: [
          { uri: uri.href, mimeType: "application/json", text: `${JSON.stringify({ section, ...data }, null, 2)}\n` },
        ],
      };
    },
  });
}
