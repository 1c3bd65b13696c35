/** Calendar dates as whole days since 1970-01-01 (UTC). No wall clock here: "today" is always passed in. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Inventories repeat the same few thousand dates: each is parsed once (bounded, cleared when full). */
const parsed = new Map<string, number | undefined>();
const MAX_CACHED = 65_536;

export function parseDay(text: string): number | undefined {
  let day = parsed.get(text);
  if (day !== undefined || parsed.has(text)) return day;
  day = parseDayUncached(text);
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, day);
  return day;
}

function parseDayUncached(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(t / 86_400_000);
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function isValidDate(text: string): boolean {
  return parseDay(text) !== undefined;
}
