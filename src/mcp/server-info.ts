/** What the server calls itself in `initialize` (and on the home page and in config://). */
export const SERVER_INFO = { name: "outpost", title: "Outpost", version: "0.1.0" } as const;
