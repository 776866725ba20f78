import { defineToolkit } from "../../mcp/define";
import { sessionForget } from "./forget";
import { sessionInfo } from "./info";
import { sessionRecall } from "./recall";
import { sessionRemember } from "./remember";
import { sessionScopes } from "./scopes";
import { scratchpadResource, scratchpadTemplate } from "./scratchpad-resource";
import { sessionSetPreferences } from "./set-preferences";

/**
 * Scratchpads and preferences. A 2025-era session has a scratchpad of its own (in the session
 * object); on a stateless 2026-07-28 connection scratchpads are addressed by a handle. Preferences
 * belong to the user in both eras.
 */
export const sessionToolkit = defineToolkit({
  name: "session",
  title: "Session",
  guidance:
    "session_* keep scratch notes for this conversation (pass back the scratchpad handle a result gives you) and the user's preferences (units, time zone, language); session_info says what this connection may do.",
  scopes: sessionScopes,
  tools: [sessionRemember, sessionRecall, sessionForget, sessionInfo, sessionSetPreferences],
  resources: [scratchpadResource],
  resourceTemplates: [scratchpadTemplate],
});
