/**
 * The layers of src/, top to bottom (docs/architecture.md). A file may import from a layer below its
 * own, or from its own unit; never upwards, never sideways into another unit of the same layer.
 * The first rule whose prefix matches a path decides its unit, so list specific paths first.
 */
export interface Layer {
  name: string;
  /** Units of this layer: a folder (`src/x/`), a file, or a named group of files that act as one. */
  units: (string | { name: string; files: string[] })[];
  /** What belongs here, for the picture in docs/architecture.md. */
  note: string;
}

export const LAYERS: Layer[] = [
  {
    name: "composition",
    units: [
      {
        name: "composition",
        files: ["src/index.ts", "src/toolkits/index.ts", "src/toolkits/deployment-description.ts"],
      },
    ],
    note: "the one place that knows every toolkit",
  },
  { name: "worker", units: ["src/worker/"], note: "HTTP edge, guards, routing, the OAuth provider" },
  { name: "auth", units: ["src/auth/"], note: "sign-in, consent, upstream identity providers" },
  { name: "web", units: ["src/web/"], note: "pages (hono/jsx), no logic of their own" },
  { name: "mcp", units: ["src/mcp/"], note: "the two era adapters, the session agent, the catalog" },
  { name: "toolkits", units: ["src/toolkits/"], note: "one folder per toolkit, one tool per file" },
  {
    name: "toolkit contract",
    units: [
      {
        name: "toolkit contract",
        files: [
          "src/mcp/define.ts",
          "src/mcp/wire.ts",
          "src/mcp/fit-reply.ts",
          "src/mcp/output-cap.ts",
          "src/mcp/token-estimate.ts",
          "src/mcp/session-store.ts",
          "src/mcp/props.ts",
        ],
      },
    ],
    note: "what a toolkit may import from src/mcp: definitions and reply fitting, no SDK",
  },
  {
    name: "views",
    units: ["src/views/"],
    note: "MCP Apps view documents, built from src/views/app at build time",
  },
  { name: "per-user objects", units: ["src/workspace/", "src/notify/"], note: "Durable Objects, one per user" },
  {
    name: "settings",
    units: [{ name: "settings", files: ["src/config.ts", "src/env.d.ts"] }],
    note: "the deployment's settings, parsed once; read by everything above",
  },
  { name: "lib", units: ["src/lib/"], note: "small pieces with no Outpost knowledge" },
];

/** A toolkit folder is its own unit: toolkits do not import one another. */
export function unitOf(path: string): { layer: number; unit: string } | undefined {
  // An exact file wins over a folder, a longer folder over a shorter one, whatever their layers.
  let best: { layer: number; unit: string; exact: boolean } | undefined;
  LAYERS.forEach((layer, index) => {
    for (const unit of layer.units) {
      // A named group or a single file matches exactly (and beats any folder); a folder by prefix.
      if (typeof unit !== "string") {
        if (unit.files.includes(path)) best = { layer: index, unit: unit.name, exact: true };
        continue;
      }
      const matches = unit.endsWith("/") ? path.startsWith(unit) : path === unit;
      if (!matches || best?.exact || (best && best.unit.length >= unit.length)) continue;
      const kit = unit === "src/toolkits/" ? /^src\/toolkits\/[^/]+\//.exec(path)?.[0] : undefined;
      best = { layer: index, unit: kit ?? unit, exact: !unit.endsWith("/") };
    }
  });
  return best && { layer: best.layer, unit: best.unit };
}

/** Relative import specifiers in a TypeScript source, type-only imports included (they couple too). */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*["'](\.[^"']+)["']|import\s*\(\s*["'](\.[^"']+)["']\s*\)|^import\s+["'](\.[^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) found.push((match[1] ?? match[2] ?? match[3]) as string);
  return found;
}

/** `from`'s directory joined with a relative specifier, resolved against the files that exist. */
export function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  const base = parts.join("/");
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    `${base}/index.ts`,
    `${base}/index.tsx`,
    base.replace(/\.js$/, ".ts"),
  ];
  return candidates.find((candidate) => files.has(candidate));
}

export interface Violation {
  from: string;
  to: string;
  why: string;
}

export interface ImportGraph {
  violations: Violation[];
  /** Layer-to-layer edges that occur, as `upper -> lower`. */
  edges: Set<string>;
  unclassified: string[];
}

export function checkImports(sources: Record<string, string>): ImportGraph {
  const files = new Set(Object.keys(sources));
  const violations: Violation[] = [];
  const edges = new Set<string>();
  const unclassified: string[] = [];
  for (const [from, source] of Object.entries(sources)) {
    const fromUnit = unitOf(from);
    if (!fromUnit) {
      unclassified.push(from);
      continue;
    }
    for (const specifier of importSpecifiers(source)) {
      const to = resolveImport(from, specifier, files);
      if (!to) continue; // outside src (none today) or a non-source asset
      const toUnit = unitOf(to);
      if (!toUnit || toUnit.unit === fromUnit.unit) continue;
      const fromLayer = LAYERS[fromUnit.layer] as Layer;
      const toLayer = LAYERS[toUnit.layer] as Layer;
      if (toUnit.layer < fromUnit.layer)
        violations.push({ from, to, why: `${fromLayer.name} imports upwards from ${toLayer.name}` });
      else if (toUnit.layer === fromUnit.layer)
        violations.push({ from, to, why: `${fromUnit.unit} imports sideways from ${toUnit.unit}` });
      else edges.add(`${fromLayer.name} -> ${toLayer.name}`);
    }
  }
  return { violations, edges, unclassified };
}

/**
 * The Mermaid picture of the layers and the imports that actually run between them, without the
 * edges another path already implies (a → c is left out when a → b and b → c are drawn).
 */
export function mermaid(edges: ReadonlySet<string>): string {
  const id = (name: string) => name.replace(/[^a-z]/g, "_");
  const lines = ["```mermaid", "flowchart TD"];
  for (const layer of LAYERS) lines.push(`  ${id(layer.name)}["${layer.name}<br/><small>${layer.note}</small>"]`);
  const reachable = (from: string, to: string, skip: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const at = stack.pop() as string;
      for (const edge of edges) {
        const [a, b] = edge.split(" -> ") as [string, string];
        if (a !== at || edge === skip || seen.has(b)) continue;
        if (b === to) return true;
        seen.add(b);
        stack.push(b);
      }
    }
    return false;
  };
  const drawn = [...edges].filter((edge) => {
    const [from, to] = edge.split(" -> ") as [string, string];
    return !reachable(from, to, edge);
  });
  for (const edge of drawn.sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
    const [from, to] = edge.split(" -> ") as [string, string];
    lines.push(`  ${id(from)} --> ${id(to)}`);
  }
  lines.push("```");
  return lines.join("\n");
}

function order(edge: string): number {
  const [from, to] = edge.split(" -> ");
  return LAYERS.findIndex((layer) => layer.name === from) * 100 + LAYERS.findIndex((layer) => layer.name === to);
}
