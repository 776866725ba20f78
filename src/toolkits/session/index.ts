import { defineToolkit } from "../../mcp/define";
import { sessionForget } from "./forget";
import { sessionInfo } from "./info";
import { sessionRecall } from "./recall";
import { sessionRemember } from "./remember";
import { scratchpadResource } from "./scratchpad-resource";
import { sessionScopes } from "./scopes";
import { sessionSetPreferences } from "./set-preferences";

/** Conversation-scoped scratchpad and preferences, kept in the session object. */
export const sessionToolkit = defineToolkit({
  name: "session",
  title: "Session",
  guidance: "session_* keep scratch notes and preferences (units, time zone, language) for this conversation only; session_info says what this connection may do.",
  scopes: sessionScopes,
  tools: [sessionRemember, sessionRecall, sessionForget, sessionInfo, sessionSetPreferences],
  resources: [scratchpadResource],
});
