/**
 * The largest a view's HTML document may be, in bytes: a host fetches it before it can show
 * anything, on a phone too. test/mcp/views.test.ts holds every view to it; docs/architecture.md
 * lists the measured sizes.
 */
export const VIEW_MAX_BYTES = 150 * 1024;
