import { Hono } from "hono";
import { requestConfig } from "../../config";
import { ActivityPage } from "../../web/account/activity-page";
import { pageSecurityHeaders } from "../../web/layout";
import { openUserWorkspace } from "../../workspace/open";
import { type ConsoleEnv, requireOwner } from "./require-owner";

/** `/account/activity`: the activity log, its export, and whether it keeps arguments and results. */
export const consoleActivityRoutes = new Hono<ConsoleEnv>();

consoleActivityRoutes.get("/account/activity", requireOwner(), async (c) => {
  const workspace = openUserWorkspace(c.env, c.var.owner.userId);
  const cursor = c.req.query("cursor");
  const [page, settings] = await Promise.all([
    workspace.auditPage(cursor ? { cursor } : {}),
    workspace.auditSettings(),
  ]);
  const notice = page
    ? c.req.query("saved") !== undefined
      ? "Saved."
      : undefined
    : "That page link is no longer valid; this is the newest page.";
  const shown = page ?? (await workspace.auditPage());
  const html = (
    <ActivityPage
      viewer={c.var.owner}
      entries={shown?.entries ?? []}
      nextCursor={shown?.nextCursor}
      first={!page || !cursor}
      recordDetails={settings.recordDetails}
      retentionDays={requestConfig(c.env).auditRetentionDays}
      notice={notice}
    />
  );
  return c.html(`<!doctype html>${html}`, page ? 200 : 400, pageSecurityHeaders());
});

consoleActivityRoutes.get("/account/activity.json", requireOwner(), async (c) => {
  const entries = await openUserWorkspace(c.env, c.var.owner.userId).auditExport();
  const day = new Date().toISOString().slice(0, 10);
  return new Response(
    JSON.stringify(
      { exportedAt: new Date().toISOString(), retentionDays: requestConfig(c.env).auditRetentionDays, entries },
      null,
      2,
    ),
    {
      status: 200,
      headers: {
        ...pageSecurityHeaders(),
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="outpost-activity-${day}.json"`,
      },
    },
  );
});

consoleActivityRoutes.post("/account/activity/settings", requireOwner(), async (c) => {
  await openUserWorkspace(c.env, c.var.owner.userId).updateAuditSettings({
    recordDetails: c.var.form.get("record_details") === "on",
  });
  return new Response(null, {
    status: 303,
    headers: { Location: "/account/activity?saved", "Cache-Control": "no-store" },
  });
});
