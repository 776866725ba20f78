import { bytesToBase64 } from "../lib/encoding";

/**
 * The only script any page runs, and only as an enhancement: a "Copy" button beside each command
 * block. Without it (scripts off, or an old browser) the blocks still select whole on one click
 * (`user-select: all` in the layout's CSS). The CSP allows exactly this text by its hash.
 */
export const COPY_SCRIPT =
  'for(const b of document.querySelectorAll("pre.copy")){if(!navigator.clipboard)break;' +
  'const k=document.createElement("button");k.type="button";k.className="copy-button";k.textContent="Copy";' +
  'k.addEventListener("click",()=>navigator.clipboard.writeText(b.textContent.trim()).then(()=>{k.textContent="Copied"},()=>{k.textContent="Select and copy"}));' +
  "b.after(k)}";

let hash: Promise<string> | undefined;

/** `'sha256-…'` of COPY_SCRIPT, for `script-src` (CSP Level 2, hash-source). Computed once per isolate. */
export function copyScriptHash(): Promise<string> {
  hash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(COPY_SCRIPT))
    .then((digest) => `'sha256-${bytesToBase64(new Uint8Array(digest))}'`);
  return hash;
}
