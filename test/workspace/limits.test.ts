/** Reading the storage limits from `[vars]`. */
import { describe, expect, it } from "vitest";
import { DEFAULT_STORAGE_LIMITS, formatBytes, readStorageLimits } from "../../src/workspace/limits";

describe("readStorageLimits", () => {
  it("reads whole positive byte counts", () => {
    expect(readStorageLimits({ WORKSPACE_FILE_MAX_BYTES: "2048", WORKSPACE_QUOTA_BYTES: " 4096 " })).toEqual({
      fileMaxBytes: 2048,
      quotaBytes: 4096,
    });
  });

  it("falls back to the defaults for values it cannot use", () => {
    for (const bad of ["", "0", "-5", "1.5", "10MB", "1e9", "99999999999999999999"]) {
      expect(readStorageLimits({ WORKSPACE_FILE_MAX_BYTES: bad, WORKSPACE_QUOTA_BYTES: bad }), bad).toEqual(
        DEFAULT_STORAGE_LIMITS,
      );
    }
    expect(readStorageLimits({})).toEqual(DEFAULT_STORAGE_LIMITS);
    expect(DEFAULT_STORAGE_LIMITS).toEqual({ fileMaxBytes: 10_485_760, quotaBytes: 1_073_741_824 });
  });

  it("formats sizes for messages", () => {
    expect(formatBytes(10_485_760)).toBe("10 MB");
    expect(formatBytes(1_073_741_824)).toBe("1 GB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(500)).toBe("500 bytes");
  });
});
