import { z } from "zod";
import type { Completer } from "../../mcp/define";
import { CONNECTOR_LIMITS } from "./limits";

/**
 * Languages the prompts know by name. Completion offers the ids; any other name matching
 * `languageArg` is still accepted (the prompts then give general guidance only).
 */
export const LANGUAGES: readonly { id: string; aliases: readonly string[] }[] = [
  { id: "typescript", aliases: ["ts", "tsx"] },
  { id: "javascript", aliases: ["js", "jsx", "node", "nodejs"] },
  { id: "python", aliases: ["py", "python3"] },
  { id: "go", aliases: ["golang"] },
  { id: "rust", aliases: ["rs"] },
  { id: "java", aliases: [] },
  { id: "kotlin", aliases: ["kt"] },
  { id: "csharp", aliases: ["c#", "cs", "dotnet"] },
  { id: "c", aliases: [] },
  { id: "c++", aliases: ["cpp", "cxx"] },
  { id: "swift", aliases: [] },
  { id: "objective-c", aliases: ["objc"] },
  { id: "ruby", aliases: ["rb"] },
  { id: "php", aliases: [] },
  { id: "scala", aliases: [] },
  { id: "elixir", aliases: ["ex"] },
  { id: "erlang", aliases: [] },
  { id: "haskell", aliases: ["hs"] },
  { id: "ocaml", aliases: ["ml"] },
  { id: "fsharp", aliases: ["f#"] },
  { id: "clojure", aliases: ["clj"] },
  { id: "dart", aliases: ["flutter"] },
  { id: "lua", aliases: [] },
  { id: "perl", aliases: ["pl"] },
  { id: "r", aliases: [] },
  { id: "julia", aliases: ["jl"] },
  { id: "zig", aliases: [] },
  { id: "shell", aliases: ["bash", "sh", "zsh"] },
  { id: "powershell", aliases: ["ps1", "pwsh"] },
  { id: "sql", aliases: ["postgresql", "mysql", "sqlite"] },
  { id: "html", aliases: [] },
  { id: "css", aliases: ["scss", "sass"] },
  { id: "yaml", aliases: ["yml"] },
  { id: "terraform", aliases: ["hcl", "tf"] },
  { id: "dockerfile", aliases: ["docker"] },
  { id: "solidity", aliases: ["sol"] },
];

/** The zod schema of a `language` prompt argument: a name, not free text (it is placed in the prompt). */
export const languageArg = z
  .string()
  .trim()
  .min(1, "language is empty: name the programming language, e.g. typescript")
  .max(
    CONNECTOR_LIMITS.languageChars,
    `language is longer than ${CONNECTOR_LIMITS.languageChars} characters: give just its name, e.g. python`,
  )
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9+#._ -]*$/,
    "language may contain letters, digits, spaces and + # . _ - only, e.g. c++ or objective-c",
  );

/** The canonical id for a name or alias ("TS" → "typescript"), or undefined for a language not in the list. */
export function canonicalLanguage(name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  return LANGUAGES.find((language) => language.id === wanted || language.aliases.includes(wanted))?.id;
}

/** Completion for `language`: ids whose name or an alias starts with what was typed; known ids first, case-insensitive. */
export const completeLanguage: Completer = (typed) => {
  const prefix = typed.trim().toLowerCase();
  return LANGUAGES.filter(
    (language) => language.id.startsWith(prefix) || language.aliases.some((alias) => alias.startsWith(prefix)),
  ).map((language) => language.id);
};
