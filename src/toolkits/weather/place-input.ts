import { z } from "zod";
import { UserError } from "../../mcp/define";
import type { OpenMeteoClient } from "./client";
import { placeAt, type ResolvedPlace, resolvePlace } from "./resolve-place";
import { unitsInput } from "./units";

/** Where: a place name (with optional region or country after commas) or coordinates. Shared by weather_current and weather_forecast. */
export const placeInput = {
  place: z
    .string()
    .max(100, "place is longer than 100 characters: give just the place name, region and country")
    .optional()
    .describe(
      'Place name, optionally with region and/or country after commas: "Lisbon", "Springfield, Illinois", "Paris, FR". Or "lat, lon".',
    ),
  latitude: z.number().min(-90).max(90).optional().describe("Latitude in degrees, with longitude, instead of place."),
  longitude: z
    .number()
    .min(-180)
    .max(180)
    .optional()
    .describe("Longitude in degrees, with latitude, instead of place."),
  units: unitsInput,
};

export async function locate(
  args: { place?: string; latitude?: number; longitude?: number },
  client: OpenMeteoClient,
  signal: AbortSignal,
): Promise<ResolvedPlace> {
  const hasCoordinates = args.latitude !== undefined || args.longitude !== undefined;
  if (args.place !== undefined && hasCoordinates)
    throw new UserError("Pass either place or latitude and longitude, not both.");
  if (hasCoordinates) {
    if (args.latitude === undefined || args.longitude === undefined)
      throw new UserError("Pass both latitude and longitude (or a place name instead).");
    return placeAt(args.latitude, args.longitude);
  }
  const place = args.place?.trim();
  if (!place)
    throw new UserError('Say where: pass place (e.g. "Lisbon" or "Springfield, Illinois") or latitude and longitude.');
  return resolvePlace(place, client, signal);
}
