import { UserError } from "../../mcp/define";
import type { OpenMeteoClient } from "./client";
import { type GeoPlace, placeLabel } from "./geocoding";
import { WEATHER_LIMITS } from "./settings";

/** Where to get the weather for, and how it was found. */
export interface ResolvedPlace {
  label: string;
  latitude: number;
  longitude: number;
  country: string | null;
  /** Other places with the same name that were set aside (0 for coordinates). */
  otherMatches: number;
}

/**
 * The largest place is taken without asking only when it is this many times as populous as the
 * next one with the same name: "Paris" means Paris, France (~90× Paris, Texas), while
 * "Springfield" (Missouri 167k, Massachusetts 156k, Illinois 114k) needs the caller to choose.
 */
const CLEAR_WINNER_RATIO = 5;

const COORDINATES = /^\s*([+-]?\d{1,2}(?:\.\d+)?)\s*,\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$/;

/** Coordinates given as numbers; a label is made from them, since Open-Meteo has no reverse geocoding. */
export function placeAt(latitude: number, longitude: number): ResolvedPlace {
  return {
    label: `${latitude.toFixed(4)}, ${longitude.toFixed(4)}`,
    latitude,
    longitude,
    country: null,
    otherMatches: 0,
  };
}

/**
 * A place from free text: "lat, lon", a name, or a name with qualifiers ("Springfield, Illinois",
 * "Paris, FR"). Unknown names and ambiguous ones become UserErrors that say what to send instead.
 */
export async function resolvePlace(
  query: string,
  client: OpenMeteoClient,
  signal: AbortSignal,
): Promise<ResolvedPlace> {
  const coordinates = COORDINATES.exec(query);
  if (coordinates) {
    const latitude = Number(coordinates[1]);
    const longitude = Number(coordinates[2]);
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      throw new UserError(`"${query}" is not a valid position: latitude must be within ±90 and longitude within ±180.`);
    }
    return placeAt(latitude, longitude);
  }

  const [rawName = "", ...rawQualifiers] = query.split(",").map((part) => part.trim());
  const qualifiers = rawQualifiers.filter((part) => part.length > 0).map(normalize);
  if (rawName.length < 2) {
    throw new UserError(
      `"${query}" is too short to search for: give a place name of at least 2 characters, or latitude and longitude.`,
    );
  }

  const { data: matches } = await client.searchPlaces(rawName, signal);
  const inRegion = matches.filter((place) => qualifiers.every((qualifier) => qualifies(place, qualifier)));
  if (inRegion.length === 0) {
    const elsewhere =
      matches.length > 0 && qualifiers.length > 0 ? ` It exists elsewhere: ${listCandidates(matches)}` : "";
    throw new UserError(
      `No place called "${rawName}"${qualifiers.length > 0 ? ` in ${rawQualifiers.join(", ")}` : ""} was found.${elsewhere || " Check the spelling, try a nearby larger town, or pass latitude and longitude."}`,
    );
  }

  // Prefix matches ("Lisbon Falls" for "Lisbon") compete only when nothing has the exact name.
  const exact = inRegion.filter((place) => normalize(place.name) === normalize(rawName));
  const pool = [...(exact.length > 0 ? exact : inRegion)].sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
  const [first, second] = pool as [GeoPlace, ...GeoPlace[]];
  const clearWinner =
    second === undefined ||
    ((first.population ?? 0) > 0 && (first.population ?? 0) >= CLEAR_WINNER_RATIO * (second.population ?? 0));
  if (!clearWinner) {
    throw new UserError(
      `"${query}" matches several places. Call again with place set to one of these exactly as written, or pass ` +
        `latitude and longitude:\n${listCandidates(pool)}`,
    );
  }
  return {
    label: placeLabel(first),
    latitude: first.latitude,
    longitude: first.longitude,
    country: first.country ?? null,
    otherMatches: pool.length - 1,
  };
}

function listCandidates(places: GeoPlace[]): string {
  const shown = places.slice(0, WEATHER_LIMITS.maxCandidates);
  const labels = shown.map(placeLabel);
  return shown
    .map((place, index) => {
      // Two candidates with the same label (same name in one region) are told apart by their county.
      const label =
        labels.indexOf(labels[index] ?? "") !== index || labels.lastIndexOf(labels[index] ?? "") !== index
          ? [place.name, place.admin2, place.admin1, place.country].filter(Boolean).join(", ")
          : labels[index];
      const population = place.population ? `, population ${place.population.toLocaleString("en-US")}` : "";
      return `- ${label} (${place.latitude.toFixed(2)}, ${place.longitude.toFixed(2)}${population})`;
    })
    .join("\n");
}

/** A qualifier matches a country code exactly, or the start of the country, region or county name. */
function qualifies(place: GeoPlace, qualifier: string): boolean {
  if (place.country_code && normalize(place.country_code) === qualifier) return true;
  return [place.country, place.admin1, place.admin2].some(
    (field) => field !== undefined && normalize(field).startsWith(qualifier),
  );
}

/** Case- and accent-insensitive: "são paulo" finds "Sao Paulo" and the other way round. */
function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();
}
