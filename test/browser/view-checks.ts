/**
 * Helpers for the views' browser test (test/browser/views.test.ts): a WCAG contrast probe run in a
 * view's frame, a PNG to preview, and the loopback far end of notification channels.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateSync } from "node:zlib";
import type { FrameLocator } from "playwright-core";

/**
 * The lowest WCAG 2.x contrast ratio between the text of `selector`'s elements and the background
 * they sit on (the nearest opaque one up the tree), computed in the view's frame.
 */
export async function lowestContrast(view: FrameLocator, selector: string): Promise<{ ratio: number; text: string }> {
  return view.locator(selector).evaluateAll((elements) => {
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    type Styled = { parentElement: Styled | null; textContent: string | null };
    const style = (element: Styled) =>
      (
        globalThis as unknown as { getComputedStyle(e: Styled): { color: string; backgroundColor: string } }
      ).getComputedStyle(element);
    let worst = { ratio: 21, text: "" };
    for (const element of elements as unknown as Styled[]) {
      let node: Styled | null = element;
      let background = "rgb(255, 255, 255)";
      while (node) {
        const value = parse(style(node).backgroundColor);
        if (value.length === 3 || (value.length === 4 && value[3] === 1)) {
          background = style(node).backgroundColor;
          break;
        }
        node = node.parentElement;
      }
      const [a, b] = [luminance(parse(style(element).color)), luminance(parse(background))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < worst.ratio) worst = { ratio, text: (element.textContent ?? "").slice(0, 40) };
    }
    return worst;
  });
}

/** Text a person reads in the views: headings, body, secondary text, buttons, states and errors. */
export const TEXT =
  "h1, p, td, th, button, summary, .badge, .channel, .place-error, .reason, .meta, .sub, .notice-title, .notice-detail";

/** A PNG of a sunset-like gradient, `width`×`height`, RGB, made here so the preview has something to show. */
export function gradientPng(width: number, height: number): string {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++)
      rows.push(250 - (y * 120) / height, 120 + (x * 60) / width - (y * 60) / height, 60 + (y * 150) / height);
  }
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return png.toString("base64");
}

/** Channels' far end on loopback: /ok takes a notification, /busy is overloaded (retried), /gone refuses it. */
export async function startReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const receiver = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const status = request.url === "/ok" ? 200 : request.url === "/busy" ? 503 : 404;
      response.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => receiver.close(() => resolve())),
  };
}
