import { z } from "zod";
import { UserError } from "../../mcp/define";
import type { Upstream, UpstreamResult } from "./upstream";

/** How many matches are asked for: enough to find the one meant and to show alternatives. */
const SEARCH_COUNT = 10;

/** One match from Open-Meteo's geocoding API (fields it may leave out are optional). */
const placeSchema = z.object({
  id: z.number(),
  name: z.string(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  country: z.string().optional(),
  country_code: z.string().optional(),
  admin1: z.string().optional(),
  admin2: z.string().optional(),
  timezone: z.string().optional(),
  population: z.number().optional(),
});
export type GeoPlace = z.infer<typeof placeSchema>;

// No match is a response without `results`, not an empty list.
const searchSchema = z.object({ results: z.array(z.unknown()).optional() });

/** Places whose name starts with `name`, best first (Open-Meteo ranks by relevance and population). */
export function searchPlaces(
  upstream: Upstream,
  name: string,
  signal: AbortSignal,
): Promise<UpstreamResult<GeoPlace[]>> {
  const params = { name, count: String(SEARCH_COUNT), language: "en", format: "json" };
  return upstream.getJson("geocoding", params, readSearch, signal);
}

function readSearch(body: unknown): GeoPlace[] {
  const parsed = searchSchema.safeParse(body);
  if (!parsed.success) {
    throw new UserError(
      "Open-Meteo's place search sent a response in an unexpected shape. Retrying will probably not help; try again later.",
    );
  }
  // Skip single malformed entries rather than failing the whole search.
  return (parsed.data.results ?? []).flatMap((entry) => {
    const place = placeSchema.safeParse(entry);
    return place.success ? [place.data] : [];
  });
}

/** "Springfield, Illinois, United States": name, then region when it adds something, then country. */
export function placeLabel(place: GeoPlace): string {
  const parts = [place.name];
  if (place.admin1 && place.admin1 !== place.name) parts.push(place.admin1);
  if (place.country) parts.push(place.country);
  return parts.join(", ");
}
