/**
 * A deterministic synthetic corpus for the search benchmark: a Zipf-distributed vocabulary (as in
 * natural text, a few words are everywhere and most are rare) plus a handful of real words at known
 * frequencies, so each benchmark query has a known selectivity at every corpus size.
 */

/** Real words and one phrase planted at fixed rates (1 note in `every`): the benchmark queries use them. */
export const PLANTED = [
  { text: "budget", every: 10 },
  { text: "quarterly budget review", every: 40 },
  { text: "zeppelin", every: 1000 },
  { text: "sourdough", every: 200 },
  { text: "starter", every: 50 },
] as const;

export const TAGS = ["work", "home", "ideas", "travel", "reading", "health", "finance", "family"];

const VOCABULARY = 20_000;
const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ren",
  "tor",
  "vel",
  "shi",
  "an",
  "dor",
  "pe",
  "qu",
  "zu",
  "ba",
  "ne",
  "sol",
  "tri",
];

/** The word of the synthetic vocabulary at Zipf rank `rank` (0 is the most frequent). */
export function syntheticWord(rank: number): string {
  let word = "";
  let n = rank + 16;
  while (n > 0) {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return word;
}

/** Mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Inverse-CDF sampling of Zipf(s = 1) over the vocabulary.
const harmonic: number[] = [];
{
  let sum = 0;
  for (let rank = 1; rank <= VOCABULARY; rank++) {
    sum += 1 / rank;
    harmonic.push(sum);
  }
}

function zipfRank(u: number): number {
  const target = u * (harmonic.at(-1) as number);
  let lo = 0;
  let hi = harmonic.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((harmonic[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface GeneratedNote {
  title: string;
  body: string;
  tags: string[];
}

/** Note number `index` of the corpus: the same text on every run. */
export function generateNote(index: number): GeneratedNote {
  const next = random(index * 7919 + 17);
  const words = (count: number) => Array.from({ length: count }, () => syntheticWord(zipfRank(next())));
  const title = words(3 + Math.floor(next() * 4));
  const body = words(40 + Math.floor(next() * 80));
  for (const { text, every } of PLANTED) {
    if (index % every === 0) body.splice(Math.floor(next() * body.length), 0, text);
  }
  if (index % 97 === 0) title.push("budget");
  const tags = [TAGS[index % TAGS.length] as string];
  if (index % 3 === 0) tags.push(TAGS[(index + 3) % TAGS.length] as string);
  return { title: title.join(" "), body: `${body.join(" ")}.`, tags };
}
