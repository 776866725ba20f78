/** What the throttle tests expect of a locked sign-in (shared by the throttle test files). */
import { expect } from "vitest";
import { THROTTLE_LIMITS } from "../../src/auth/throttle";
import { type ConsentForm, nextForm } from "../helpers/worker";

export const WRONG = "wrong horse battery staple";

/**
 * A refused sign-in: 429 with Retry-After within the window, the wait in whole minutes, the page
 * still naming `clientName`, and its Approve button disabled. Returns the page's fresh form.
 */
export async function expectLocked(response: Response, form: ConsentForm, clientName: string): Promise<ConsentForm> {
  expect(response.status).toBe(429);
  expect(response.headers.get("Location")).toBeNull();
  const retryAfter = Number(response.headers.get("Retry-After"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(THROTTLE_LIMITS.windowSeconds);
  const again = await nextForm(form, response);
  const minutes = Math.ceil(retryAfter / 60);
  expect(again.html).toContain(`Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  expect(again.html).toContain(clientName);
  expect(again.html).toMatch(/<button[^>]*value="approve"[^>]*disabled/);
  expect(again.html).toMatch(/<input[^>]*name="passphrase"[^>]*disabled/);
  return again;
}
