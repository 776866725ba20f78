import { defineResource } from "../../mcp/define";
import { SESSION_READ } from "./scopes";

export const SCRATCHPAD_URI = "session://scratchpad";

export const scratchpadResource = defineResource({
  name: "session_scratchpad",
  title: "Session scratchpad",
  description: "Everything saved with session_remember in this session, as Markdown, oldest first.",
  uri: SCRATCHPAD_URI,
  mimeType: "text/markdown",
  scope: SESSION_READ,
  read(uri, { session }) {
    const entries = session.read().scratchpad;
    const text =
      entries.length === 0
        ? "# Scratchpad\n\n_Empty: nothing has been saved in this session._\n"
        : `# Scratchpad\n\n${entries.map((entry) => `## ${entry.key}\n_Saved ${entry.savedAt}_\n\n${entry.value}`).join("\n\n")}\n`;
    return { contents: [{ uri: uri.href, mimeType: "text/markdown", text }] };
  },
});
