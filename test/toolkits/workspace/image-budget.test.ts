import { zlibSync } from "fflate";
import { encode as encodeJpeg } from "jpeg-js";
import { describe, expect, it } from "vitest";
import { bytesToBase64 } from "../../../src/lib/encoding";
import { INFLATE_SLICE_BYTES, inflateBounded } from "../../../src/toolkits/workspace/bounded-inflate";
import { readImageHeader } from "../../../src/toolkits/workspace/image-dimensions";
import { fitImage, IMAGE_LIMITS } from "../../../src/toolkits/workspace/image-scale";
import { newUser, textOf } from "./helpers";
import { chunk, concat, frameHeader, jpegFile, pngFile, scan, scanlines, segment, zeroBomb } from "./image-builders";

const MB = 1024 * 1024;
/** DEFLATE's largest expansion: what one slice of input can produce at most. */
const MAX_STEP_OUTPUT = INFLATE_SLICE_BYTES * 1032;

function refusal(bytes: Uint8Array): string {
  const fitted = fitImage(bytes);
  if (fitted.ok) throw new Error(`expected a refusal, got a ${fitted.width}×${fitted.height} image`);
  return fitted.reason;
}

describe("PNG decompression bombs", () => {
  // 2000×1 RGBA needs scaling (wider than 1568 px), so it is decoded; its data should inflate to 8,001 bytes.
  const spec = { width: 2000, height: 1 };
  const declared = 1 + 2000 * 4;
  const bomb = zeroBomb(260_000); // ~420 KB that inflates to ~67 MB

  it("stops inflating one step past the declared size instead of inflating the whole stream", () => {
    const inflated = inflateBounded([bomb], declared);
    expect(inflated).toMatchObject({ ok: false, problem: "overflow" });
    if (inflated.ok) return;
    expect(inflated.inflatedBytes).toBeGreaterThan(declared);
    expect(inflated.inflatedBytes).toBeLessThanOrEqual(declared + MAX_STEP_OUTPUT);
    expect(inflated.inflatedBytes).toBeLessThan((67 * MB) / 10);
  });

  it("refuses an IDAT stream that inflates beyond what the header declares", () => {
    expect(bomb.length).toBeLessThan(MB / 2);
    expect(refusal(pngFile(spec, chunk("IDAT", bomb)))).toMatch(
      /inflates to more than the 8,001 bytes its 2000×1 header declares/,
    );
  });

  it("refuses the same bomb split over many IDAT chunks", () => {
    const parts = Array.from({ length: Math.ceil(bomb.length / 1000) }, (_, index) =>
      chunk("IDAT", bomb.subarray(index * 1000, (index + 1) * 1000)),
    );
    expect(refusal(pngFile(spec, ...parts))).toContain("inflates to more than");
  });

  it("decodes data of exactly the declared size, and refuses one byte more or less", () => {
    const exact = scanlines(spec, (x, _y, k) => (k === 3 ? 255 : x % 256));
    expect(fitImage(pngFile(spec, chunk("IDAT", zlibSync(exact))))).toMatchObject({
      ok: true,
      width: IMAGE_LIMITS.maxEdge,
      height: 1,
    });
    expect(refusal(pngFile(spec, chunk("IDAT", zlibSync(concat(exact, new Uint8Array([0]))))))).toContain(
      "inflates to more than",
    );
    expect(refusal(pngFile(spec, chunk("IDAT", zlibSync(exact.subarray(1)))))).toContain("ends before the image does");
  });

  it("refuses a PNG cut off inside its image data", () => {
    const whole = pngFile(spec, chunk("IDAT", zlibSync(scanlines(spec, () => 7))));
    expect(refusal(whole.subarray(0, whole.length - 30))).toMatch(/truncated/);
  });

  it("never reads an oversized ICC profile: ancillary chunks are skipped", () => {
    const iccp = chunk("iCCP", concat(new TextEncoder().encode("icc\0\0"), zeroBomb(50_000)));
    const image = pngFile(spec, iccp, chunk("IDAT", zlibSync(scanlines(spec, () => 9))));
    expect(fitImage(image).ok).toBe(true);
  });
});

describe("decode budget in bytes, from the header alone", () => {
  /** A PNG with a header and no image data at all: if the decoder ever saw it, it would call it truncated. */
  const headerOnly = (width: number, height: number, bitDepth = 8, colorType = 6) =>
    pngFile({ width, height, bitDepth, colorType });

  it("refuses a 16-bit PNG whose pixel count alone looked acceptable", () => {
    // 3000×3000 is 9 megapixels; 16-bit RGBA makes its data 72 MB before the RGBA copy.
    const reason = refusal(headerOnly(3000, 3000, 16, 6));
    expect(reason).toMatch(/3000×3000 PNG \(RGBA, 16 bits per sample/);
    expect(reason).toMatch(/about \d+ MB of memory, over the 64 MB/);
    // At 8 bits per sample the same size is within budget, so the decoder runs and finds no data.
    expect(refusal(headerOnly(3000, 3000, 8, 2))).toMatch(/pixel data ends before the image does/);
  });

  it("refuses huge declared dimensions before allocating anything", () => {
    for (const [width, height] of [
      [100_000, 100_000],
      [0x7fffffff, 2],
      [2, 0x7fffffff],
    ] as const) {
      expect(refusal(headerOnly(width, height))).toMatch(/over the 64 MB this connector may use for one image/);
    }
  });

  it("budgets at the edge: one row more tips a 16-bit PNG over", () => {
    const budget = 4 * MB;
    const spec = (height: number) => ({ width: 2000, height, bitDepth: 16 });
    const fit = (height: number) =>
      fitImage(pngFile(spec(height), chunk("IDAT", zlibSync(scanlines(spec(height), () => 0)))), {
        maxDecodeBytes: budget,
      });
    // Peak while decoding = data (16,001 bytes a row) + RGBA (8,000 a row); scaling needs less.
    const rows = Math.floor(budget / (16_001 + 8_000));
    expect(fit(rows)).toMatchObject({ ok: true, width: IMAGE_LIMITS.maxEdge });
    const over = fit(rows + 1);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.reason).toContain("over the 4 MB");
  });

  it("refuses a header PNG does not allow, whatever its size", () => {
    expect(refusal(headerOnly(10, 10, 3, 6))).toMatch(/colour type 6 at 3 bits, which PNG does not allow/);
    expect(refusal(headerOnly(0, 10))).toMatch(/empty image/);
  });
});

describe("JPEG", () => {
  const small = () =>
    new Uint8Array(encodeJpeg({ width: 16, height: 16, data: new Uint8Array(16 * 16 * 4).fill(90) }, 80).data);

  it("refuses huge declared dimensions from the frame header", () => {
    const reason = refusal(jpegFile(frameHeader(0xc0, 60_000, 60_000), scan()));
    expect(reason).toMatch(/60000×60000 JPEG with 3 colour components: decoding it .* over the 64 MB/);
  });

  it("sends a photo too large to decode here as it is, when Claude itself accepts it", () => {
    const photo = jpegFile(frameHeader(0xc0, 4000, 3000), scan());
    expect(fitImage(photo)).toMatchObject({
      ok: true,
      reencoded: false,
      width: 4000,
      height: 3000,
      mimeType: "image/jpeg",
    });
  });

  it("refuses a progressive JPEG with more scans than the limit, and takes a normal one", () => {
    const scans = (count: number) => jpegFile(frameHeader(0xc2, 2000, 1000), ...Array.from({ length: count }, scan));
    expect(readImageHeader(scans(10))).toMatchObject({
      format: "jpeg",
      scans: 10,
      complete: true,
      frames: [{ progressive: true }],
    });
    expect(refusal(scans(IMAGE_LIMITS.maxJpegScans + 1))).toMatch(
      new RegExp(`${IMAGE_LIMITS.maxJpegScans + 1} scans .* over the limit of ${IMAGE_LIMITS.maxJpegScans}`),
    );
  });

  it("refuses a truncated JPEG, even one small enough to pass through", () => {
    const whole = small();
    expect(fitImage(whole).ok).toBe(true);
    expect(refusal(whole.subarray(0, Math.floor(whole.length * 0.6)))).toMatch(/truncated/);
  });

  it("refuses a second frame header, which jpeg-js would allocate before failing", () => {
    expect(refusal(jpegFile(frameHeader(0xc0, 100, 100), frameHeader(0xc0, 100, 100), scan()))).toMatch(
      /2 frame headers/,
    );
  });

  it("refuses sampling factors outside 1-4 and processes it cannot decode", () => {
    expect(refusal(jpegFile(frameHeader(0xc0, 100, 100, [[0, 1]]), scan()))).toMatch(/sampling factors/);
    expect(refusal(jpegFile(segment(0xc3, [8, 0, 100, 0, 100, 1, 1, 0x11, 0]), scan()))).toMatch(
      /cannot be decoded here/,
    );
  });
});

describe("files_get on an image it cannot show", () => {
  it("answers isError saying why and that the file is still stored, on every read", async () => {
    const user = await newUser();
    const bombPng = pngFile({ width: 2000, height: 1 }, chunk("IDAT", zeroBomb(260_000)));
    const upload = await user.call("files_upload", {
      name: "bomb.png",
      content: bytesToBase64(bombPng),
      encoding: "base64",
    });
    const stored = upload.result.structuredContent;
    expect(stored.contentType).toBe("image/png");
    // Its header alone looks fine (the bomb is in the data), so the upload cannot tell yet.
    expect(textOf(upload)).not.toContain("cannot be shown");
    for (let read = 0; read < 2; read++) {
      const reply = await user.call("files_get", { id: stored.id });
      expect(reply.result.isError).toBe(true);
      expect(textOf(reply)).toMatch(
        /bomb\.png .* is stored, but it cannot be shown as an image because its pixel data inflates to more than/,
      );
      expect(textOf(reply)).toContain(`downloaded from file://${stored.id}`);
    }
    const hugeUpload = await user.call("files_upload", {
      name: "huge.png",
      content: bytesToBase64(pngFile({ width: 40_000, height: 40_000, bitDepth: 16 })),
      encoding: "base64",
    });
    expect(textOf(hugeUpload)).toMatch(
      /Stored huge\.png .* It cannot be shown as an image because it is 40000×40000 PNG .*; it stays stored and downloadable\./,
    );
    const huge = hugeUpload.result.structuredContent;
    expect(textOf(await user.call("files_get", { id: huge.id }))).toMatch(
      /40000×40000 PNG .* over the 64 MB this connector may use for one image/,
    );
    expect((await user.ok("files_list", {})).files.map((file: { name: string }) => file.name).sort()).toEqual([
      "bomb.png",
      "huge.png",
    ]);
  });
});
