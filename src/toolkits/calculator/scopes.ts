/**
 * The calculator's scope. It ends in `:read` because the tool changes nothing anywhere, and the
 * project's rule is that read-only tools, and only they, use `:read` scopes (see
 * test/mcp/policy.test.ts), so a user can grant it without granting any write access.
 */
export const CALC_READ = "calc:read";

export const calculatorScopes = {
  [CALC_READ]: "Evaluate math expressions and unit conversions (nothing is read from or saved to your data)",
};
