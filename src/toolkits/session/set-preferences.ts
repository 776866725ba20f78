import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { SESSION_WRITE } from "./scopes";

/** Time zones the runtime knows; an unknown one would fail later in every tool that formats dates. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const sessionSetPreferences = defineTool({
  name: "session_set_preferences",
  title: "Set preferences for this conversation",
  description:
    "Save the user's preferences, kept for every conversation and app they connect: units (metric or imperial), IANA time zone (e.g. " +
    '"America/Sao_Paulo") and language tag (e.g. "pt-BR"). Other tools use them as defaults. Pass only the ones ' +
    "to change; pass null to clear one.",
  scope: SESSION_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    units: z.enum(["metric", "imperial"]).nullable().optional(),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'timeZone is not an IANA time zone name; use one like "Europe/Lisbon" or "UTC"')
      .nullable()
      .optional(),
    language: z
      .string()
      .max(35)
      .refine(isLanguageTag, 'language is not a BCP 47 tag; use one like "en" or "pt-BR"')
      .nullable()
      .optional(),
  }),
  output: z.object({ units: z.string().nullable(), timeZone: z.string().nullable(), language: z.string().nullable() }),
  async handler(args, ctx) {
    const preferences = await ctx.preferences.update(args);
    const data = {
      units: preferences.units ?? null,
      timeZone: preferences.timeZone ?? null,
      language: preferences.language ?? null,
    };
    return {
      data,
      text: `Preferences now: units ${data.units ?? "not set"}, time zone ${data.timeZone ?? "not set"}, language ${data.language ?? "not set"}.`,
    };
  },
});
