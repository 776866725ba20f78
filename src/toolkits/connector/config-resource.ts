import { ANY_GRANT, defineResourceTemplate, type ResourceTemplateDefinition, resourceNotFound, type Toolkit } from "../../mcp/define";
import { buildSection, CONFIG_SECTIONS, type ConfigSection, SECTION_SUMMARIES } from "./config-sections";
import { completeFrom } from "./complete";
import { pageOfKeys } from "./paging";

export const CONFIG_URI_TEMPLATE = "config://connector/{section}";

const configUri = (section: string) => `config://connector/${section}`;

function isSection(value: string): value is ConfigSection {
  return (CONFIG_SECTIONS as readonly string[]).includes(value);
}

/** `config://connector/{section}`: the effective, non-secret configuration, one JSON document per section. */
export function configResource(options: { registry: () => readonly Toolkit[]; pageSize: number }): ResourceTemplateDefinition {
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
          description: SECTION_SUMMARIES[section as ConfigSection],
          mimeType: "application/json",
        })),
        ...(page.nextCursor && { nextCursor: page.nextCursor }),
      };
    },
    complete: { section: completeFrom(CONFIG_SECTIONS) },
    async read(uri, { section }, ctx) {
      if (!section || !isSection(section)) throw resourceNotFound(uri.href);
      const data = await buildSection(section, { env: ctx.env, config: ctx.config, toolkits: options.registry(), pageSize: options.pageSize });
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: `${JSON.stringify({ section, ...data }, null, 2)}\n` }] };
    },
  });
}
