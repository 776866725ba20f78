/**
 * The operator-clients page on its own (the console mounts it behind its guard): every form posts
 * with the CSRF token to the given actions and works without scripts, the secret appears only on
 * the page that created it, and every operator-typed string is escaped.
 */
import { describe, expect, it } from "vitest";
import { CLAUDE_CALLBACKS } from "../../src/auth/claude-only";
import { readClientsForm } from "../../src/web/account/clients-form";
import { ClientsPage, type ClientsPageProps } from "../../src/web/account/clients-page";

const CLIENT = {
  clientId: "AbCdEfGhIjKlMnOp",
  name: "Claude",
  redirectUris: [...CLAUDE_CALLBACKS],
  createdAt: 1_780_000_000,
};

function render(extra: Partial<ClientsPageProps> = {}): string {
  const props: ClientsPageProps = {
    origin: "https://outpost.example.com",
    clients: [CLIENT],
    csrfToken: "csrf-token-1",
    actions: { create: "/account/clients", remove: "/account/clients/remove" },
    defaultRedirectUris: CLAUDE_CALLBACKS,
    ...extra,
  };
  return String(<ClientsPage {...props} />);
}

function forms(html: string): string[] {
  return [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((match) => match[0]);
}

describe("ClientsPage", () => {
  it("posts every form to the given actions with the CSRF token, without scripts", () => {
    const html = render();
    expect(html).not.toMatch(/<script|\son\w+=/i);
    const all = forms(html);
    expect(all).toHaveLength(2);
    for (const form of all) {
      expect(form).toMatch(/method="post"/);
      expect(form).toContain('<input type="hidden" name="csrf" value="csrf-token-1"/>');
    }
    expect(all[0]).toContain('action="/account/clients/remove"');
    expect(all[0]).toContain('name="client_id" value="AbCdEfGhIjKlMnOp"');
    expect(all[1]).toContain('action="/account/clients"');
  });

  it("fills the create form with Claude's name and both of Claude's callbacks", () => {
    const create = forms(render({ clients: [] }))[0] ?? "";
    expect(create).toContain('name="name" type="text" required="" maxlength="100" value="Claude"');
    expect(create).toContain(`${CLAUDE_CALLBACKS[0]}\n${CLAUDE_CALLBACKS[1]}</textarea>`);
  });

  it("lists clients without any secret, and shows the secret only on the page that created it", () => {
    const listed = render();
    expect(listed).toContain("AbCdEfGhIjKlMnOp");
    expect(listed).toContain("2026-05-28");
    expect(listed).not.toContain("Client secret");
    const created = render({ created: { ...CLIENT, clientSecret: "s3cret-s3cret-s3cret-s3cret-abcd" } });
    expect(created).toContain("s3cret-s3cret-s3cret-s3cret-abcd");
    expect(created).toContain("shown only this once");
    expect(created).toContain("https://outpost.example.com/mcp");
  });

  it("escapes every name, URI and error", () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const html = render({
      clients: [{ ...CLIENT, name: hostile, redirectUris: [`https://a.example/?q=${hostile}`] }],
      error: hostile,
      draft: { name: hostile, redirectUris: `</textarea>${hostile}` },
      created: { ...CLIENT, name: hostile, clientSecret: "x" },
    });
    expect(html).not.toContain("<img");
    expect(html).not.toContain("</textarea><img");
    expect(html).toContain("&lt;/textarea&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("says when only Claude is accepted, and shows the last refusal with the draft kept", () => {
    const html = render({
      claudeOnly: true,
      error: "redirect URI https://app.example/cb is not allowed.",
      draft: { name: "Mine", redirectUris: "https://app.example/cb" },
    });
    expect(html).toContain("accepts only Claude and Claude Code");
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="Mine"');
    expect(html).toContain(">https://app.example/cb</textarea>");
  });
});

describe("readClientsForm", () => {
  it("reads one redirect URI per line, blank lines and spaces dropped, the draft kept as typed", () => {
    const form = new FormData();
    form.set("name", "  Claude ");
    form.set("redirect_uris", ` ${CLAUDE_CALLBACKS[0]}\r\n\n${CLAUDE_CALLBACKS[1]} \n`);
    const input = readClientsForm(form);
    expect(input.name).toBe("Claude");
    expect(input.redirectUris).toEqual([...CLAUDE_CALLBACKS]);
    expect(input.draft.name).toBe("  Claude ");
  });

  it("reads missing fields as empty", () => {
    expect(readClientsForm(new FormData())).toEqual({
      name: "",
      redirectUris: [],
      draft: { name: "", redirectUris: "" },
    });
  });
});
