import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "../../src/auth/passphrase";
import { decodeUserId, encodeUserId } from "../../src/mcp/props";

describe("constantTimeEqual", () => {
  it("is true for equal strings", async () => {
    expect(await constantTimeEqual("correct horse", "correct horse")).toBe(true);
    expect(await constantTimeEqual("", "")).toBe(true);
    expect(await constantTimeEqual("pässwörd ✓", "pässwörd ✓")).toBe(true);
  });

  it("is false for unequal strings of the same length", async () => {
    expect(await constantTimeEqual("correct horse", "correct horsf")).toBe(false);
    expect(await constantTimeEqual("Correct horse", "correct horse")).toBe(false);
  });

  it("is false for strings of different lengths, including prefixes", async () => {
    expect(await constantTimeEqual("correct horse", "correct horse battery")).toBe(false);
    expect(await constantTimeEqual("correct", "")).toBe(false);
    expect(await constantTimeEqual("", "correct")).toBe(false);
  });
});

describe("encodeUserId", () => {
  it("removes every ':' (the provider splits tokens on it) and round-trips", () => {
    for (const subject of ["passphrase:owner", "github:12345", "oidc:https://issuer.example/:sub*'()!~"]) {
      const encoded = encodeUserId(subject);
      expect(encoded).not.toContain(":");
      expect(encoded).toMatch(/^[A-Za-z0-9%._-]+$/);
      expect(decodeUserId(encoded)).toBe(subject);
    }
  });
});
