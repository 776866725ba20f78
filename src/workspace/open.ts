import type { WorkspaceApi } from "./api";
import type { AuditApi } from "./audit";
import type { UserStateApi } from "./user-state";

/**
 * The Workspace object of one user. `userId` is the stable user id from the grant, never anything
 * a client sends, so one user can never address another's workspace.
 */
export function openUserWorkspace(env: Pick<Env, "WORKSPACE">, userId: string): WorkspaceApi & UserStateApi & AuditApi {
  const { WORKSPACE } = env;
  // The RPC stub mirrors the class's methods; its generated types wrap every value, so it is read
  // through the contracts the class implements.
  return WORKSPACE.get(WORKSPACE.idFromName(userId)) as unknown as WorkspaceApi & UserStateApi & AuditApi;
}
