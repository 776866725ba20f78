/**
 * The interop report's reading of conformance checks (conformance-verdict.ts): what passes, what is
 * n/a and why, and that nothing excuses a message that breaks the spec's schema.
 */
import { describe, expect, it } from "vitest";
import { type Check, judgeScenario } from "./conformance-verdict";

const wire = (status: Check["status"]): Check => ({
  id: "wire-schema-valid",
  status,
  ...(status === "FAILURE" && { errorMessage: "[implementation] result invalid" }),
});

describe("judgeScenario", () => {
  it("passes a scenario whose own checks pass, naming the checks only the reference fixtures could exercise", () => {
    const verdict = judgeScenario("server-stateless", [
      { id: "sep-2575-server-implements-discover", status: "SUCCESS" },
      {
        id: "sep-2575-server-no-log-without-loglevel",
        status: "FAILURE",
        errorMessage: "Not testable: server does not list the diagnostic tool 'test_logging_tool'",
      },
      wire("SUCCESS"),
    ]);
    expect(verdict.status).toBe("pass");
    expect(verdict.detail).toContain(
      "not testable without the reference server's diagnostic fixtures: sep-2575-server-no-log-without-loglevel",
    );
  });

  it("fails on any other failed check", () => {
    const verdict = judgeScenario("caching", [
      { id: "sep-2549-tools-list-caching-hints", status: "FAILURE", errorMessage: "ttlMs missing" },
      wire("SUCCESS"),
    ]);
    expect(verdict).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("sep-2549-tools-list-caching-hints: ttlMs missing"),
    });
  });

  it("calls a fixture scenario n/a with the fixture named, even when its checks pass vacuously", () => {
    const verdict = judgeScenario("tools-call-simple-text", [{ id: "tools-call-simple-text", status: "SUCCESS" }]);
    expect(verdict.status).toBe("n/a");
    expect(verdict.detail).toMatch(/test_simple_text.*vacuously/);
    expect(
      judgeScenario("input-required-result-multi-round", [{ id: "sep-2322-multi-round-r1", status: "FAILURE" }]).detail,
    ).toContain("MRTR");
  });

  it("fails even an n/a scenario when a message Outpost sent breaks the spec's schema", () => {
    const verdict = judgeScenario("tools-call-simple-text", [
      { id: "tools-call-simple-text", status: "FAILURE" },
      wire("FAILURE"),
    ]);
    expect(verdict).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("wire-schema-valid: [implementation] result invalid"),
    });
  });

  it("calls a scenario with nothing testable n/a, with the CLI's reason", () => {
    const verdict = judgeScenario("sep-2640-skills-manifest", [
      {
        id: "sep-2640-skillmd-metadata-name",
        status: "SKIPPED",
        errorMessage: "Server did not declare the io.modelcontextprotocol/skills extension",
      },
      wire("SUCCESS"),
    ]);
    expect(verdict).toMatchObject({
      status: "n/a",
      detail: expect.stringContaining("did not declare the io.modelcontextprotocol/skills extension"),
    });
  });
});
