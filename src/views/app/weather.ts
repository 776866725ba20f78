/**
 * The weather view: `weather_forecast` as a chart (the daily temperature band, precipitation bars,
 * the wind line) and `weather_compare` as one temperature range per place. Units are the ones the
 * tool answered in (the user's preference or the call's `units`). A table under each chart holds
 * the same numbers for screen readers and for reading exact values.
 */
import { HostConnection, type ToolResult } from "./bridge";
import { applyHostContext, h, notice, render, resultText, svg } from "./dom";

interface Day {
  date: string;
  conditions: string;
  temperatureMax: number | null;
  temperatureMin: number | null;
  precipitation: number | null;
  precipitationProbability: number | null;
  windSpeedMax: number | null;
}
interface Units {
  temperatureUnit: string;
  windSpeedUnit: string;
  precipitationUnit: string;
}
interface Forecast extends Units {
  place: string;
  timezone: string;
  days: Day[];
}
interface CompareRow {
  query: string;
  place: string | null;
  conditions: string | null;
  temperature: number | null;
  todayMax: number | null;
  todayMin: number | null;
  precipitationProbability: number | null;
  windSpeed: number | null;
  error: string | null;
}
interface Comparison extends Units {
  places: CompareRow[];
  warmest: string | null;
  coldest: string | null;
}

const connection = new HostConnection({
  toolInput: () => render(notice("loading", "Getting the forecast…")),
  toolResult: show,
  toolCancelled: () => render(notice("error", "The forecast was cancelled.", "Ask Claude again when you want it.")),
  hostContext: applyHostContext,
});
render(notice("loading", "Waiting for the forecast…"));
connection
  .connect("outpost-weather")
  .catch((error: Error) => render(notice("error", "This view could not reach the conversation.", error.message)));

let shown: ToolResult | undefined;
let lastWidth = 0;
// The chart is drawn for the view's width: draw it again when the host resizes the frame.
new ResizeObserver(() => {
  const width = document.documentElement.clientWidth;
  if (shown && width !== lastWidth) show(shown);
  lastWidth = width;
}).observe(document.documentElement);

function show(result: ToolResult): void {
  shown = result;
  const data = result.structuredContent as Record<string, unknown> | undefined;
  if (result.isError || !data) {
    render(
      notice(
        "error",
        "No forecast this time.",
        resultText(result) || "The weather service gave no answer. Ask Claude to try again.",
      ),
    );
    return;
  }
  if (Array.isArray(data.days)) showForecast(data as unknown as Forecast);
  else if (Array.isArray(data.places)) showComparison(data as unknown as Comparison);
  else
    render(
      notice("error", "This result is not a forecast.", "The view shows weather_forecast and weather_compare results."),
    );
}

const fmt = (value: number | null, unit = "", digits = 0) => (value === null ? "–" : `${value.toFixed(digits)}${unit}`);

function dayLabel(date: string, long = false): string {
  // Dates are the place's local calendar days: format them as UTC so no offset shifts them.
  const parsed = new Date(`${date}T12:00:00Z`);
  return parsed.toLocaleDateString(
    document.documentElement.lang || undefined,
    long
      ? { weekday: "long", day: "numeric", month: "short", timeZone: "UTC" }
      : { weekday: "short", day: "numeric", timeZone: "UTC" },
  );
}

function showForecast(forecast: Forecast): void {
  const days = forecast.days;
  if (days.length === 0) {
    render(h("h1", {}, forecast.place), notice("empty", "No days in this forecast.", "Ask for at least one day."));
    return;
  }
  render(
    h("h1", {}, `${days.length}-day forecast · ${forecast.place}`),
    h(
      "p",
      { class: "sub" },
      `Temperatures in ${forecast.temperatureUnit}, precipitation in ${forecast.precipitationUnit}, wind in ${forecast.windSpeedUnit}. Local dates (${forecast.timezone}).`,
    ),
    legend(forecast),
    forecastChart(forecast),
    tableDetails(
      "Day by day",
      h(
        "div",
        { class: "scroll-x" },
        h(
          "table",
          {},
          h("caption", { class: "sr-only" }, `Daily forecast for ${forecast.place}`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["Day", "Conditions", "Low", "High", "Precipitation", "Chance", "Wind"].map((label) =>
                h("th", { scope: "col" }, label),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            ...days.map((day) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, dayLabel(day.date, true)),
                h("td", {}, day.conditions),
                h("td", {}, fmt(day.temperatureMin, forecast.temperatureUnit)),
                h("td", {}, fmt(day.temperatureMax, forecast.temperatureUnit)),
                h("td", {}, fmt(day.precipitation, ` ${forecast.precipitationUnit}`, 1)),
                h("td", {}, fmt(day.precipitationProbability, "%")),
                h("td", {}, fmt(day.windSpeedMax, ` ${forecast.windSpeedUnit}`)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

let tableOpen = false;

/** The numbers under the chart; stays open across redraws once the person opened it. */
function tableDetails(summary: string, content: HTMLElement): HTMLElement {
  const details = h("details", { class: "data", open: tableOpen }, h("summary", {}, summary), content);
  details.addEventListener("toggle", () => {
    tableOpen = details.open;
  });
  return details;
}

function legend(forecast: Forecast): HTMLElement {
  const item = (className: string, label: string) =>
    h("span", { class: "key" }, h("span", { class: `swatch ${className}`, "aria-hidden": "true" }), label);
  const winds = forecast.days.map((day) => day.windSpeedMax).filter((value): value is number => value !== null);
  const peak = winds.length ? ` (peak ${fmt(Math.max(...winds))} ${forecast.windSpeedUnit})` : "";
  return h(
    "p",
    { class: "row legend" },
    item("swatch-band", "Low to high"),
    item("swatch-rain", `Precipitation (${forecast.precipitationUnit})`),
    item("swatch-wind", `Wind${peak}`),
  );
}

/** Chart geometry in CSS pixels: the chart is drawn for the view's width, so text keeps its size on a phone. */
const TEMP_TOP = 30;
const TEMP_BOTTOM = 170;
const RAIN_TOP = 196;
const RAIN_BOTTOM = 250;
const HEIGHT = 272;
const SIDE = 8;

function forecastChart(forecast: Forecast): SVGElement {
  const days = forecast.days;
  const width = Math.max(300, Math.round((document.getElementById("app") as HTMLElement).clientWidth - 28));
  const step = (width - 2 * SIDE) / days.length;
  const x = (index: number) => SIDE + step * (index + 0.5);
  const temps = days
    .flatMap((day) => [day.temperatureMin, day.temperatureMax])
    .filter((value): value is number => value !== null);
  // A forecast without temperatures still gets a scale (the band is then simply absent).
  const low = temps.length ? Math.floor(Math.min(...temps) - 1) : 0;
  const high = temps.length ? Math.ceil(Math.max(...temps) + 1) : 10;
  const span = Math.max(high - low, 1);
  const ty = (value: number) => TEMP_BOTTOM - ((value - low) / span) * (TEMP_BOTTOM - TEMP_TOP);
  const rainMax = Math.max(1, ...days.map((day) => day.precipitation ?? 0));
  const winds = days.map((day) => day.windSpeedMax).filter((value): value is number => value !== null);
  const windMax = Math.max(1, ...winds);
  const wy = (value: number) => TEMP_BOTTOM - (value / windMax) * (TEMP_BOTTOM - TEMP_TOP);

  const withBoth = days
    .map((day, index) => ({ day, index }))
    .filter(({ day }) => day.temperatureMax !== null && day.temperatureMin !== null);
  const band = withBoth.length
    ? [
        ...withBoth.map(({ day, index }) => `${x(index)},${ty(day.temperatureMax as number)}`),
        ...[...withBoth].reverse().map(({ day, index }) => `${x(index)},${ty(day.temperatureMin as number)}`),
      ].join(" ")
    : "";
  const wind = days
    .flatMap((day, index) => (day.windSpeedMax === null ? [] : [`${x(index)},${wy(day.windSpeedMax)}`]))
    .join(" ");
  const summary = days
    .map(
      (day) =>
        `${dayLabel(day.date)}: ${fmt(day.temperatureMin)} to ${fmt(day.temperatureMax, forecast.temperatureUnit)}, ${fmt(day.precipitation, ` ${forecast.precipitationUnit}`, 1)}, wind ${fmt(day.windSpeedMax, ` ${forecast.windSpeedUnit}`)}`,
    )
    .join("; ");
  // Labels need about 44 px each; thin them out on narrow screens and long forecasts.
  const labelEvery = Math.max(1, Math.ceil(44 / step));

  return svg(
    "svg",
    {
      viewBox: `0 0 ${width} ${HEIGHT}`,
      width,
      height: HEIGHT,
      class: "chart",
      role: "img",
      "aria-label": `Forecast for ${forecast.place}. ${summary}.`,
    },
    band ? svg("polygon", { points: band, class: "band" }) : null,
    wind ? svg("polyline", { points: wind, class: "wind" }) : null,
    svg("line", { x1: SIDE, x2: width - SIDE, y1: RAIN_BOTTOM, y2: RAIN_BOTTOM, class: "axis" }),
    ...days.flatMap((day, index) => {
      const parts: (SVGElement | null)[] = [];
      const labelled = index % labelEvery === 0;
      if (day.temperatureMax !== null) {
        parts.push(svg("circle", { cx: x(index), cy: ty(day.temperatureMax), r: 3.5, class: "dot-max" }));
        if (labelled)
          parts.push(
            svg("text", { x: x(index), y: ty(day.temperatureMax) - 9, class: "t-max" }, fmt(day.temperatureMax, "°")),
          );
      }
      if (day.temperatureMin !== null) {
        parts.push(svg("circle", { cx: x(index), cy: ty(day.temperatureMin), r: 3.5, class: "dot-min" }));
        if (labelled)
          parts.push(
            svg("text", { x: x(index), y: ty(day.temperatureMin) + 18, class: "t-min" }, fmt(day.temperatureMin, "°")),
          );
      }
      const rain = day.precipitation ?? 0;
      const barHeight = (rain / rainMax) * (RAIN_BOTTOM - RAIN_TOP);
      if (rain > 0) {
        parts.push(
          svg("rect", {
            x: x(index) - Math.min(step * 0.3, 14),
            y: RAIN_BOTTOM - barHeight,
            width: Math.min(step * 0.6, 28),
            height: barHeight,
            class: "rain",
          }),
        );
        if (labelled)
          parts.push(svg("text", { x: x(index), y: RAIN_BOTTOM - barHeight - 4, class: "r-label" }, fmt(rain, "", 1)));
      }
      if (labelled) parts.push(svg("text", { x: x(index), y: HEIGHT - 4, class: "day" }, dayLabel(day.date)));
      return parts;
    }),
  );
}

function showComparison(comparison: Comparison): void {
  const rows = comparison.places;
  if (rows.length === 0) {
    render(notice("empty", "No places to compare.", "Ask for two or more places."));
    return;
  }
  const temps = rows
    .flatMap((row) => [row.todayMin, row.todayMax, row.temperature])
    .filter((value): value is number => value !== null);
  const low = temps.length ? Math.floor(Math.min(...temps) - 2) : 0;
  const high = temps.length ? Math.ceil(Math.max(...temps) + 2) : 10;
  const pos = (value: number) => `${((value - low) / (high - low)) * 100}%`;

  render(
    h("h1", {}, `Weather in ${rows.length} places`),
    h(
      "p",
      { class: "sub" },
      [
        comparison.warmest && `Warmest now: ${comparison.warmest}.`,
        comparison.coldest && `Coldest now: ${comparison.coldest}.`,
        `Temperatures in ${comparison.temperatureUnit}.`,
      ]
        .filter(Boolean)
        .join(" "),
    ),
    h(
      "ul",
      { class: "compare" },
      ...rows.map((row) => {
        const name = row.place ?? row.query;
        if (row.error !== null)
          return h(
            "li",
            { class: "place" },
            h("p", { class: "place-name" }, name),
            h("p", { class: "place-error" }, row.error),
          );
        const track = h("div", {
          class: "track",
          role: "img",
          "aria-label": `${name}: today ${fmt(row.todayMin)} to ${fmt(row.todayMax, comparison.temperatureUnit)}, now ${fmt(row.temperature, comparison.temperatureUnit)}`,
        });
        if (row.todayMin !== null && row.todayMax !== null) {
          const range = h("span", { class: "range" });
          range.style.left = pos(row.todayMin);
          range.style.width = `calc(${pos(row.todayMax)} - ${pos(row.todayMin)})`;
          track.append(range);
        }
        if (row.temperature !== null) {
          const now = h("span", { class: "now" });
          now.style.left = pos(row.temperature);
          track.append(now);
        }
        return h(
          "li",
          { class: "place" },
          h(
            "p",
            { class: "place-name" },
            name,
            h(
              "span",
              { class: "place-now" },
              ` ${fmt(row.temperature, comparison.temperatureUnit)} · ${row.conditions ?? ""}`,
            ),
          ),
          track,
          h(
            "p",
            { class: "place-detail" },
            `Today ${fmt(row.todayMin)} to ${fmt(row.todayMax, comparison.temperatureUnit)} · rain chance ${fmt(row.precipitationProbability, "%")} · wind ${fmt(row.windSpeed, ` ${comparison.windSpeedUnit}`)}`,
          ),
        );
      }),
    ),
  );
}
