/** The notification settings from `[vars]` (docs/toolkits/notify.md), parsed with safe fallbacks. */
export interface NotifySettings {
  /** Notifications and channel tests per user per rolling hour. */
  ratePerHour: number;
  /** Development switch: channels may point at loopback over http. Never in production. */
  allowLoopback: boolean;
}

export const DEFAULT_RATE_PER_HOUR = 30;

export function readNotifySettings(env: Partial<Env>): NotifySettings {
  const rate = Number(env.NOTIFY_RATE_PER_HOUR);
  return {
    ratePerHour: Number.isInteger(rate) && rate > 0 ? rate : DEFAULT_RATE_PER_HOUR,
    allowLoopback: (env.NOTIFY_ALLOW_LOOPBACK ?? "").trim().toLowerCase() === "true",
  };
}
