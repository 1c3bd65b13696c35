/**
 * CSV vendor and sub-processor lists → canonical inventory. Pure. One vendor per row.
 *
 * Columns are found by header name (synonyms below, or `--map field=Header`). Free-text locations
 * become countries through the catalogue's country names (whole words, longest first); vague
 * locations ("Global", "EU") stay unknown. A sub-processor list (flag, or "sub-processor" in a
 * header or the file name) gives each row personal data (GDPR Art. 28).
 */
import { parse } from 'csv-parse/sync';
import type { Catalog } from '../catalog/types.js';
import type { DataSet, Inference, Service, Vendor } from '../model/types.js';
import { cached } from '../util/memo.js';
import { flat, slug } from '../util/text.js';
import {
  emptyInventory,
  type ImportedFragment,
  type ImportOptions,
  importError,
  resolveCompany,
  subprocessorIn,
  subprocessorProvider,
  tidyService,
  uniqueId,
} from './common.js';

export const CSV_FIELDS = ['name', 'location', 'purpose', 'website', 'parent'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Header synonyms (compared lower-cased, without punctuation). */
export const CSV_SYNONYMS: Readonly<Record<CsvField, readonly string[]>> = {
  name: [
    'name',
    'vendor',
    'vendor name',
    'entity',
    'entity name',
    'sub-processor',
    'subprocessor',
    'sub processor',
    'supplier',
    'company',
    'legal entity',
    'processor',
  ],
  location: [
    'location',
    'locations',
    'country',
    'countries',
    'region',
    'hosting location',
    'data location',
    'processing location',
    'location of processing',
  ],
  purpose: ['purpose', 'service', 'services', 'description', 'nature of processing', 'processing activity', 'function'],
  website: ['website', 'domain', 'url', 'web site', 'homepage'],
  parent: ['parent', 'owner', 'parent company', 'ultimate parent'],
};

/** Locations that name no particular country. */
const VAGUE =
  /\b(global|globally|worldwide|world-wide|international|multiple|various|eu|eea|europe|european union|emea|apac|americas|asia|latam|everywhere|cloud)\b/i;

const headerKey = (h: string): string =>
  h
    .toLowerCase()
    .replace(/[_]+/g, ' ')
    .replace(/[^a-z0-9 -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function isSubprocessorList(file: string, headers: readonly string[]): boolean {
  const re = /sub[-_ ]?processor/i;
  return re.test(file.split(/[\\/]/).pop() ?? '') || headers.some((h) => re.test(h));
}

interface CountryMatcher {
  /** Longest first. */
  names: { name: string; code: string }[];
  /** Indexes in `names` by their first two characters (as one number), when neither is a space. */
  byStart: Map<number, number[]>;
  /** Indexes of the names whose first two characters include a space (looked for in every location). */
  always: number[];
}

/** A name's or a text's two characters at `i` as one number. */
const pairAt = (text: string, i: number): number => text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);

let cachedMatcher: { catalog: Catalog; matcher: CountryMatcher } | undefined;

function countryMatcher(catalog: Catalog): CountryMatcher {
  if (cachedMatcher?.catalog === catalog) return cachedMatcher.matcher;
  const names: { name: string; code: string }[] = [];
  for (const c of catalog.countries.values()) {
    for (const n of [c.name, ...(c.names ?? [])])
      if (n.trim().length >= 2) names.push({ name: n.toLowerCase(), code: c.code });
  }
  names.sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : 1));
  const byStart = new Map<number, number[]>();
  const always: number[] = [];
  names.forEach(({ name }, index) => {
    if (name.length < 2 || name[0] === ' ' || name[1] === ' ') always.push(index);
    else {
      const key = pairAt(name, 0);
      const same = byStart.get(key);
      if (same) same.push(index);
      else byStart.set(key, [index]);
    }
  });
  const matcher = { names, byStart, always };
  cachedMatcher = { catalog, matcher };
  return matcher;
}

const isWordChar = (ch: string | undefined): boolean => !!ch && /[\p{L}\p{N}]/u.test(ch);

/** Countries named in a free-text location, longest names first, whole words only. */
export function countriesIn(
  catalog: Catalog,
  location: string,
): { countries: string[]; matched: string[]; vague: boolean } {
  const { names, byStart, always } = countryMatcher(catalog);
  let rest = location.toLowerCase();
  // only the names that can occur: blanking a match only makes spaces, so a name whose first two characters are not
  // spaces occurs in `rest` only where they already stood in the location; looked at longest first, as `names`
  const candidates = [...always];
  for (let i = 0; i + 1 < rest.length; i++) {
    const starting = byStart.get(pairAt(rest, i));
    if (starting) for (const index of starting) candidates.push(index);
  }
  candidates.sort((a, b) => a - b);
  const countries = new Set<string>();
  const matched: string[] = [];
  for (let c = 0; c < candidates.length; c++) {
    if (c > 0 && candidates[c] === candidates[c - 1]) continue;
    const { name, code } = names[candidates[c]];
    let from = 0;
    for (;;) {
      const at = rest.indexOf(name, from);
      if (at < 0) break;
      // names written in scripts without spaces (中国) match as substrings; Latin names as whole words
      const latin = /[a-z]/.test(name);
      if (!latin || (!isWordChar(rest[at - 1]) && !isWordChar(rest[at + name.length]))) {
        countries.add(code);
        matched.push(location.slice(at, at + name.length));
        rest = `${rest.slice(0, at)}${' '.repeat(name.length)}${rest.slice(at + name.length)}`;
      }
      from = at + name.length;
    }
  }
  // upper-case ISO codes written as whole tokens ("US", "CN")
  for (const m of location.matchAll(/(?<![\p{L}\p{N}])([A-Z]{2})(?![\p{L}\p{N}])/gu)) {
    if (catalog.countries.has(m[1]) && !['EU', 'UN'].includes(m[1])) {
      countries.add(m[1]);
      matched.push(m[1]);
    }
  }
  return { countries: [...countries].sort(), matched, vague: VAGUE.test(rest) };
}

export function importCsv(text: string, file: string, digest: string, options: ImportOptions): ImportedFragment {
  // each row becomes its vendor as it is parsed (csv-parse's on_record): the parsed rows are never all held at once.
  // An error of ours (a header without a name column) is thrown once the whole text has parsed, so that invalid CSV
  // is still reported first, as when the rows were parsed before they were read.
  let header: { line: number; row: (record: string[], line: number) => void } | undefined;
  let own: { error: unknown } | undefined;
  const vendorIds = new Set<string>();
  const vendors: Vendor[] = [];
  const skipped: string[] = [];
  const bytes = Buffer.from(text); // what csv-parse reads (it would make the same copy of a string)
  const lines = rowLines(bytes);
  let overcount = 0; // how many lines csv-parse's count was ahead of ours at the end of the last row
  try {
    parse(bytes, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record: string[], context: { bytes: number; lines: number }) => {
        if (own) return null;
        try {
          const line = lines.start(record, context.bytes);
          overcount = context.lines - lines.end();
          if (header) header.row(record, line);
          else
            header = {
              line,
              row: rowReader(record, line, file, options, vendors, vendorIds, skipped),
            };
        } catch (error) {
          own = { error };
        }
        return null; // nothing for the parser to keep
      },
    });
  } catch (error) {
    const e = error as Error & { lines?: number; code?: string };
    // csv-parse's line, less what it over-counted before the row that failed (rowLines)
    let line = typeof e.lines === 'number' ? e.lines - overcount : Number(e.message.match(/line (\d+)/)?.[1] ?? 1);
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') line = openQuoteLine(text) ?? line;
    throw importError(
      'E_PARSE',
      file,
      line,
      1,
      `invalid CSV: ${e.message.replace(/\s+/g, ' ').trim()}`,
      'Close the quoted field, or double quotes inside it ("")',
      'RFC 4180 CSV',
    );
  }
  if (own) throw own.error;
  if (!header) throw importError('E_EMPTY', file, 1, 1, 'the CSV file has no header row', undefined, 'a header row');
  const headerLine = header.line;
  return {
    file,
    sha256: digest,
    format: 'csv',
    inventory: emptyInventory(options, vendors),
    skipped,
    diagnostics:
      vendors.length === 0
        ? [
            {
              code: 'W_IMPORT_EMPTY',
              severity: 'warning',
              message: 'the CSV file has no rows with a vendor name; nothing was imported',
              file,
              line: headerLine,
              column: 1,
            },
          ]
        : [],
  };
}

/**
 * The header row's columns, and the function that turns each following row (at its line) into its vendor, pushed
 * on `vendors` (or a reason on `skipped`). Throws the usage errors of a header without a name column or a --map
 * column that is not there.
 */
function rowReader(
  headers: string[],
  headerLine: number,
  file: string,
  options: ImportOptions,
  vendors: Vendor[],
  vendorIds: Set<string>,
  skipped: string[],
): (record: string[], line: number) => void {
  const { catalog } = options;
  const columns = new Map<CsvField, number>();
  const map = options.map ?? {};
  for (const field of CSV_FIELDS) {
    const wanted = map[field];
    if (wanted !== undefined) {
      const idx = headers.findIndex((h) => h.trim().toLowerCase() === wanted.trim().toLowerCase());
      if (idx < 0) {
        throw importError(
          'E_USAGE',
          file,
          headerLine,
          1,
          `--map ${field}=${wanted}: no column named '${wanted}'`,
          `Columns: ${headers.join(', ')}`,
        );
      }
      columns.set(field, idx);
      continue;
    }
    const synonyms = CSV_SYNONYMS[field];
    const idx = headers.findIndex((h) => synonyms.includes(headerKey(h)));
    const loose =
      idx >= 0
        ? idx
        : headers.findIndex(
            (h) =>
              synonyms.some((s) => headerKey(h).includes(s)) && ![...columns.values()].includes(headers.indexOf(h)),
          );
    if (loose >= 0 && ![...columns.values()].includes(loose)) columns.set(field, loose);
  }
  if (!columns.has('name')) {
    throw importError(
      'E_IMPORT_SHAPE',
      file,
      headerLine,
      1,
      `no vendor name column (headers: ${headers.join(', ')})`,
      'Name the column "name", "vendor", "entity" or "sub-processor", or use --map name=HEADER',
      'a header row with a name column',
    );
  }
  const subprocessors = options.subprocessors === true || isSubprocessorList(file, headers);
  const cell = (record: string[], field: CsvField): string | undefined => {
    const i = columns.get(field);
    const v = i === undefined ? undefined : record[i]?.trim();
    return v ? v : undefined;
  };
  const locations = new LocationCache(catalog);
  return (record, line) => {
    const name = cell(record, 'name');
    if (!name) {
      if (record.some((v) => v.trim())) skipped.push(`line ${line}: the row has no vendor name`);
      return;
    }
    const location = cell(record, 'location');
    const purpose = cell(record, 'purpose');
    const website = cell(record, 'website');
    const parent = cell(record, 'parent');
    const inferred: Inference[] = [];
    const unknowns: string[] = [];
    const resolved = resolveCompany(catalog, name);
    const entity = resolved.entity ? catalog.entities.get(resolved.entity) : undefined;
    let countries: string[] = [];
    if (location) {
      const said = locations.of(location);
      countries = said.countries.slice();
      if (said.inferred) inferred.push({ ...said.inferred });
      if (said.unknown) unknowns.push(said.unknown);
    } else {
      unknowns.push('no location given');
    }
    let provider: Service['provider'];
    const named = resolved.provider
      ? undefined
      : (subprocessorIn(catalog, name) ?? (purpose ? subprocessorIn(catalog, purpose) : undefined));
    if (resolved.provider) {
      provider = resolved.provider;
      inferred.push({ fact: `provider ${resolved.provider}`, from: `name '${name}' (catalogue aliases)` });
    } else if (named) {
      const sp = subprocessorProvider(catalog, name, named, `name '${name}'`);
      provider = sp.provider;
      inferred.push(sp.inferred);
    } else {
      const country = entity?.country;
      provider = {
        name,
        ...(country ? { country } : {}),
        ...(parent ? { parent } : entity ? { parent: entity.id } : {}),
      };
      if (entity) inferred.push({ fact: `entity ${entity.id}`, from: `name '${name}' (catalogue entities)` });
      else if (!country) unknowns.push(`the country of '${name}' is unknown`);
    }
    let data: DataSet[];
    if (subprocessors) {
      data = [{ category: 'personal' }];
      inferred.push({
        fact: 'processes personal data',
        from: 'listed as a sub-processor (GDPR Art. 28(2)/(4): a processor engaged to process personal data)',
      });
    } else {
      data = [{ category: 'unknown' }];
      unknowns.push('what data the vendor processes is unknown');
    }
    const id = uniqueId(slug(name, 'vendor'), vendorIds);
    const source = { file, line, column: 1 };
    vendors.push({
      id,
      name,
      ...(website ? { website } : {}),
      ...(entity?.country ? { country: entity.country } : {}),
      source,
      services: [
        tidyService({
          id: 'main',
          name: purpose ?? name,
          ...(purpose ? { description: purpose } : {}),
          provider,
          countries,
          data,
          source,
          inferred,
          unknowns,
        } as Service),
      ],
    });
  };
}

/** What a location cell says: its countries, the inference or the unknown it gives a row. */
interface LocationSays {
  countries: readonly string[];
  inferred?: Inference;
  unknown?: string;
}

/**
 * What each location cell says, worked out once per distinct text (bounded): a list of 100k vendors names a few
 * hundred places, and the sentences made from each were a string of their own on every row (a sixth of what an
 * import of 100k rows held). A row gets its own copies of the lists and objects, and shares only the strings.
 */
class LocationCache {
  private readonly said = new Map<string, LocationSays>();

  constructor(private readonly catalog: Catalog) {}

  of(location: string): LocationSays {
    return cached(this.said, location, () => this.work(location), 10_000);
  }

  private work(location: string): LocationSays {
    const found = countriesIn(this.catalog, location);
    if (found.countries.length === 0)
      return {
        countries: [],
        unknown: flat(`location '${location}' names no country${found.vague ? ' (too vague to resolve)' : ''}`),
      };
    return {
      countries: found.countries,
      inferred: {
        fact: flat(`countries ${found.countries.join(', ')}`),
        from: flat(`location '${location}' (names: ${found.matched.join(', ')})`),
      },
      ...(found.vague
        ? { unknown: flat(`location '${location}' also names places that are not a single country`) }
        : {}),
    };
  }
}

/**
 * The line each row starts on, given its fields and the byte offset where csv-parse finished reading it (`bytes` in
 * its record info: just past the row's line break, or the end of the text). csv-parse's own count (`lines`) is
 * where a row ends, and it counts a CR LF inside a quoted cell as two lines, so that in a CR LF file every row after
 * a cell of two lines was placed one line too low. Here a line ends at LF, CR LF or a lone CR, counted once; the row
 * starts as many lines above its end as its quoted cells hold line breaks (only a quoted cell can hold one). `end` is
 * the line the last row ended on, against which the line csv-parse gives an error is corrected. Offsets must come in
 * order: the count moves forward only, once over the text.
 */
function rowLines(bytes: Buffer): {
  start: (fields: readonly string[], end: number) => number;
  end: () => number;
} {
  let at = 0; // bytes counted so far
  let breaks = 0; // line breaks in bytes[0, at)
  let endLine = 1; // the line the last row ended on
  return {
    start(fields, end) {
      for (; at < end; at++) if (endsLine(bytes[at], bytes[at + 1])) breaks++;
      const last = bytes[end - 1];
      endLine = breaks + 1 - (last === LF || last === CR ? 1 : 0);
      let line = endLine;
      for (const field of fields) if (field.includes('\n') || field.includes('\r')) line -= lineBreaks(field);
      return line;
    },
    end: () => endLine,
  };
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Whether a character (or byte) ends a line, given the next: LF, or a CR not followed by LF (CR LF ends at its LF). */
const endsLine = (c: number | undefined, next: number | undefined): boolean => c === LF || (c === CR && next !== LF);

/** Line breaks in a text: LF, CR LF or a lone CR, each once. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (endsLine(text.charCodeAt(i), text.charCodeAt(i + 1))) n++;
  return n;
}

/** The line where a quoted field opens and is never closed (for a precise location); lines end as in rowLines. */
function openQuoteLine(text: string): number | undefined {
  let line = 1;
  let opened: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (endsLine(c, text.charCodeAt(i + 1))) line++;
    else if (c === QUOTE) opened = opened === undefined ? line : undefined;
  }
  return opened;
}
