import { describe, expect, it } from "vitest";
import { checkChannelUrl, maskUrl } from "../../src/notify/url-guard";

const production = { allowLoopback: false };
const development = { allowLoopback: true };

function reason(service: Parameters<typeof checkChannelUrl>[0], url: string, options = production): string {
  const check = checkChannelUrl(service, url, options);
  return check.ok ? "accepted" : check.reason;
}

describe("channel URL guard", () => {
  it("accepts each service's real URL shape", () => {
    expect(reason("ntfy", "https://ntfy.sh/my-alerts")).toBe("accepted");
    expect(reason("ntfy", "https://push.example.org/phone_1")).toBe("accepted");
    expect(reason("slack", "https://hooks.slack.com/services/T0001/B0001/abcdEFGHijkl")).toBe("accepted");
    expect(reason("discord", "https://discord.com/api/webhooks/123456789/abc-DEF_123")).toBe("accepted");
    expect(reason("discord", "https://discordapp.com/api/webhooks/123456789/abc")).toBe("accepted");
    expect(reason("webhook", "https://hooks.example.com/outpost?team=1")).toBe("accepted");
    expect(reason("webhook", "https://[2606:4700:4700::1111]/hook")).toBe("accepted");
    expect(reason("webhook", "https://1.1.1.1/hook")).toBe("accepted");
  });

  it("requires https", () => {
    expect(reason("webhook", "http://hooks.example.com/x")).toContain("https://");
    expect(reason("ntfy", "ftp://ntfy.sh/topic")).toContain("https://");
    expect(reason("webhook", "not a url")).toContain("not a URL");
  });

  it.each([
    "https://10.0.0.5/x",
    "https://172.16.9.1/x",
    "https://192.168.1.1/x",
    "https://100.64.0.1/x", // CGNAT
    "https://169.254.169.254/latest/meta-data", // cloud metadata
    "https://0.0.0.0/x",
    "https://0x7f.1/x", // 127.0.0.1 in hex shorthand
    "https://2130706433/x", // 127.0.0.1 as one number
    "https://224.0.0.1/x",
    "https://[fd00::1]/x", // ULA
    "https://[fe80::1]/x", // link-local
    "https://[::ffff:10.0.0.1]/x", // IPv4-mapped private
    "https://[64:ff9b::a9fe:a9fe]/x", // NAT64 of 169.254.169.254
    "https://[::]/x",
  ])("refuses the private or reserved address %s", (url) => {
    expect(reason("webhook", url)).toMatch(/private|reserved|loopback/i);
  });

  it.each([
    "https://printer.local/x",
    "https://db.internal/x",
    "https://intranet/x",
    "https://router.home.arpa/x",
    "https://api.localhost/x",
  ])("refuses the non-public name %s", (url) => {
    expect(reason("webhook", url)).not.toBe("accepted");
  });

  it("refuses loopback unless the development switch is on, and then only loopback", () => {
    for (const url of ["http://127.0.0.1:8080/box", "https://localhost/box", "http://[::1]:9000/box"]) {
      expect(reason("webhook", url)).toContain("Loopback");
      expect(reason("webhook", url, development)).toBe("accepted");
    }
    expect(reason("webhook", "http://10.0.0.1/x", development)).toContain("https://");
    expect(reason("webhook", "https://10.0.0.1/x", development)).toContain("private");
  });

  it("keeps Slack and Discord on their own hosts and paths", () => {
    expect(reason("slack", "https://evil.example.com/services/T0001/B0001/abcd")).toContain("hooks.slack.com");
    expect(reason("slack", "https://hooks.slack.com/")).toContain("does not look like a slack URL");
    expect(reason("discord", "https://discord.com/channels/1/2")).toContain("does not look like a discord URL");
    expect(reason("discord", "https://discord.gg/api/webhooks/1/abc")).toContain("discord.com");
    expect(reason("ntfy", "https://ntfy.sh/")).toContain("does not look like a ntfy URL");
  });

  it("refuses credentials in the URL", () => {
    expect(reason("webhook", "https://user:pass@hooks.example.com/x")).toContain("password");
  });

  it("masks a URL to its host and the last four characters", () => {
    expect(maskUrl(new URL("https://hooks.slack.com/services/T0001/B0001/abcdx7Qa"))).toBe("hooks.slack.com/…/x7Qa");
    expect(maskUrl(new URL("http://127.0.0.1:8080/box/secret-topic"))).toBe("127.0.0.1:8080/…/opic");
  });
});
