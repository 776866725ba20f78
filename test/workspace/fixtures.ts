/** Real binary files for round-trip tests, built here rather than checked in. */
import { encode } from "fast-png";

/** An RGBA PNG with a gradient, so every byte position differs from a blank image. */
export function pngImage(width = 64, height = 48): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = (x ^ y) & 255;
      data[i + 3] = 255;
    }
  }
  return encode({ width, height, data, channels: 4, depth: 8 });
}

/**
 * A one-page PDF with the binary comment line real writers put after the header (bytes above
 * 0x7F that are not valid UTF-8), a correct xref table and a stream with every byte value.
 */
export function pdfDocument(): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Uint8Array) => {
    parts.push(chunk);
    length += chunk.length;
  };
  push(encoder.encode("%PDF-1.7\n"));
  push(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));
  const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const objects: (string | Uint8Array)[][] = [
    ["<< /Type /Catalog /Pages 2 0 R >>"],
    ["<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"],
    [`<< /Length ${allBytes.length} >>\nstream\n`, allBytes, "\nendstream"],
  ];
  objects.forEach((pieces, index) => {
    offsets.push(length);
    push(encoder.encode(`${index + 1} 0 obj\n`));
    for (const piece of pieces) push(typeof piece === "string" ? encoder.encode(piece) : piece);
    push(encoder.encode("\nendobj\n"));
  });
  const xref = length;
  push(
    encoder.encode(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`,
    ),
  );
  push(encoder.encode(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
