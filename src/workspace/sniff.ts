/**
 * Content types from the bytes themselves (magic numbers, and UTF-8 validity for text), and the
 * check of what the caller declared against them. A declared type is trusted only where the bytes
 * cannot say otherwise: a "PNG" that is really a PDF, or "text" that is not UTF-8, is refused, so a
 * file is never served under a type its bytes contradict.
 */

export type Sniffed = { kind: "binary"; type: string; label: string } | { kind: "text" } | { kind: "unknown" };

interface Signature {
  type: string;
  label: string;
  matches(bytes: Uint8Array): boolean;
}

const ascii = (bytes: Uint8Array, offset: number, text: string) =>
  bytes.length >= offset + text.length && [...text].every((char, i) => bytes[offset + i] === char.charCodeAt(0));
const prefix = (bytes: Uint8Array, magic: number[]) =>
  bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);

const SIGNATURES: Signature[] = [
  {
    type: "image/png",
    label: "a PNG image",
    matches: (b) => prefix(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { type: "image/jpeg", label: "a JPEG image", matches: (b) => prefix(b, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", label: "a GIF image", matches: (b) => ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a") },
  { type: "image/webp", label: "a WebP image", matches: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP") },
  { type: "application/pdf", label: "a PDF document", matches: (b) => ascii(b, 0, "%PDF-") },
  // Local file header, or the end-of-central-directory record of an empty archive.
  {
    type: "application/zip",
    label: "a ZIP archive",
    matches: (b) => prefix(b, [0x50, 0x4b, 0x03, 0x04]) || prefix(b, [0x50, 0x4b, 0x05, 0x06]),
  },
  { type: "application/gzip", label: "a gzip archive", matches: (b) => prefix(b, [0x1f, 0x8b, 0x08]) },
  { type: "audio/wav", label: "a WAV recording", matches: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE") },
  { type: "audio/ogg", label: "an Ogg stream", matches: (b) => ascii(b, 0, "OggS") },
  { type: "video/mp4", label: "an MP4 (ISO media) file", matches: (b) => ascii(b, 4, "ftyp") },
];

/** Other names for a sniffed type: stored as the canonical name, so clients see one spelling (image/jpeg, never image/jpg). */
const ALIASES: Record<string, string> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "application/x-pdf": "application/pdf",
  "application/x-zip-compressed": "application/zip",
  "application/x-gzip": "application/gzip",
  "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav",
  "audio/vnd.wave": "audio/wav",
};

/** Declared types for formats built on a sniffed one (a .docx is a ZIP): kept, being more specific. */
const COMPATIBLE: Record<string, (declared: string) => boolean> = {
  "application/zip": (d) =>
    d === "application/epub+zip" ||
    d === "application/java-archive" ||
    d.startsWith("application/vnd.openxmlformats-officedocument.") ||
    d.startsWith("application/vnd.oasis.opendocument.") ||
    d.endsWith("+zip"),
  "audio/ogg": (d) => d === "video/ogg" || d === "application/ogg" || d === "audio/opus",
  "video/mp4": (d) =>
    d === "audio/mp4" ||
    d === "video/quicktime" ||
    d === "image/heic" ||
    d === "image/heif" ||
    d === "image/avif" ||
    d === "audio/x-m4a" ||
    d === "video/x-m4v",
};

const TEXT_APPLICATION_TYPES = new Set([
  "application/json",
  "application/xml",
  "application/javascript",
  "application/ecmascript",
  "application/yaml",
  "application/x-yaml",
  "application/toml",
  "application/sql",
  "application/x-sh",
  "application/x-tex",
  "application/x-ndjson",
  "application/graphql",
  "image/svg+xml",
]);

const GENERIC_TYPES = new Set(["application/octet-stream", "binary/octet-stream", "application/unknown"]);

/** Types for text files when nothing is declared, by extension (the bytes cannot tell markdown from CSV). */
const TEXT_BY_EXTENSION: Record<string, string> = {
  md: "text/markdown",
  markdown: "text/markdown",
  txt: "text/plain",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  js: "text/javascript",
  mjs: "text/javascript",
  ts: "text/x-typescript",
  py: "text/x-python",
  json: "application/json",
  xml: "application/xml",
  yaml: "application/yaml",
  yml: "application/yaml",
  toml: "application/toml",
  svg: "image/svg+xml",
  sql: "application/sql",
  sh: "application/x-sh",
  ics: "text/calendar",
  vcf: "text/vcard",
};

export function sniff(bytes: Uint8Array): Sniffed {
  for (const signature of SIGNATURES) {
    if (signature.matches(bytes)) return { kind: "binary", type: signature.type, label: signature.label };
  }
  return isUtf8Text(bytes) ? { kind: "text" } : { kind: "unknown" };
}

/**
 * UTF-8 that decodes without errors and has no control characters other than tab, newlines, form
 * feed and escape (ANSI colour codes in logs): the test browsers use to decide a file is text, made
 * stricter because a NUL or stray control byte means binary data.
 */
export function isUtf8Text(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000E-\u001A\u001C-\u001F\u007F]/.test(text);
}

export function isTextType(type: string): boolean {
  return (
    type.startsWith("text/") || TEXT_APPLICATION_TYPES.has(type) || type.endsWith("+json") || type.endsWith("+xml")
  );
}

/** `Image/PNG; charset=x` → `image/png`; undefined when it is not a media type at all. */
export function normalizeMediaType(raw: string): string | undefined {
  const type = raw.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(type) ? type : undefined;
}

export type Resolved = { ok: true; type: string } | { ok: false; message: string };

/** The type to store for `bytes`, given the file name and what the caller declared. */
export function resolveContentType(bytes: Uint8Array, name: string, declaredRaw: string | undefined): Resolved {
  let declared: string | undefined;
  if (declaredRaw !== undefined && declaredRaw.trim() !== "") {
    declared = normalizeMediaType(declaredRaw);
    if (!declared)
      return {
        ok: false,
        message: `"${declaredRaw.slice(0, 80)}" is not a media type; use a form like "image/png" or "text/markdown", or leave the type out.`,
      };
    if (GENERIC_TYPES.has(declared)) declared = undefined;
    else declared = ALIASES[declared] ?? declared;
  }
  const sniffed = sniff(bytes);
  if (sniffed.kind === "binary") {
    if (!declared || declared === sniffed.type || COMPATIBLE[sniffed.type]?.(declared))
      return { ok: true, type: declared ?? sniffed.type };
    return {
      ok: false,
      message: `The type given is ${declared} but the bytes are ${sniffed.label} (${sniffed.type}). Upload it as ${sniffed.type}, or leave the type out to have it detected.`,
    };
  }
  const sniffable = SIGNATURES.find(
    (signature) => signature.type === declared || COMPATIBLE[signature.type]?.(declared ?? ""),
  );
  if (sniffed.kind === "text") {
    if (!declared) return { ok: true, type: TEXT_BY_EXTENSION[extension(name)] ?? "text/plain" };
    if (sniffable || declared.startsWith("image/") || declared.startsWith("audio/") || declared.startsWith("video/")) {
      if (declared !== "image/svg+xml") {
        return {
          ok: false,
          message: `The type given is ${declared} but the bytes are plain UTF-8 text. If this is base64 or another text encoding of a binary file, decode it first (files_upload takes base64 content); otherwise upload it as a text type.`,
        };
      }
    }
    return { ok: true, type: declared };
  }
  // Bytes we cannot identify: they are not text, and not any format we recognise.
  if (!declared) return { ok: true, type: "application/octet-stream" };
  if (isTextType(declared))
    return {
      ok: false,
      message: `The type given is ${declared} but the bytes are not UTF-8 text (they contain invalid UTF-8 or control characters). Convert the text to UTF-8, or upload it with a binary type.`,
    };
  if (sniffable)
    return {
      ok: false,
      message: `The type given is ${declared} but the bytes do not start like ${sniffable.label}. The file may be damaged or truncated; check the content and try again.`,
    };
  return { ok: true, type: declared };
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(dot + 1).toLowerCase();
}
