import type { WorkspaceApi } from "./api";
import type { AuditApi } from "./audit";
import { CHANGE_FEED_PATH, CHANGE_FILTER_HEADER, type ChangeFeedRefusal } from "./change-feed";
import type { ChangeFilter } from "./changes";
import type { ConfirmationsApi } from "./confirmations-store";
import type { UserStateApi } from "./user-state";

/**
 * The Workspace object of one user. `userId` is the stable user id from the grant, never anything
 * a client sends, so one user can never address another's workspace.
 */
export function openUserWorkspace(
  env: Pick<Env, "WORKSPACE">,
  userId: string,
): WorkspaceApi & UserStateApi & ConfirmationsApi & AuditApi {
  const { WORKSPACE } = env;
  // The RPC stub mirrors the class's methods; its generated types wrap every value, so it is read
  // through the contracts the class implements.
  return WORKSPACE.get(WORKSPACE.idFromName(userId)) as unknown as WorkspaceApi &
    UserStateApi &
    ConfirmationsApi &
    AuditApi;
}

/**
 * Connect to the user's change feed as one listener (a WebSocket to their Workspace object), or
 * hear why not: over the per-user limit, or a filter over its limits.
 */
export async function openChangeFeed(
  env: Pick<Env, "WORKSPACE">,
  userId: string,
  filter: ChangeFilter,
): Promise<{ socket: WebSocket } | { refusal: ChangeFeedRefusal }> {
  const { WORKSPACE } = env;
  const response = await WORKSPACE.get(WORKSPACE.idFromName(userId)).fetch(`https://workspace${CHANGE_FEED_PATH}`, {
    headers: { Upgrade: "websocket", [CHANGE_FILTER_HEADER]: JSON.stringify(filter) },
  });
  const socket = response.webSocket;
  if (response.status === 101 && socket) {
    socket.accept();
    return { socket };
  }
  return { refusal: (await response.json()) as ChangeFeedRefusal };
}
