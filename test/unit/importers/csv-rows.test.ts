/**
 * The CSV importer reads each row as it is parsed (csv-parse's on_record) instead of parsing every row first
 * (issue 13: `import` within its memory bound at 100k rows): what it reports must not depend on that — rows skipped,
 * and which error comes first when a file is wrong in two ways. It counts lines itself, so a row is located at the
 * line it starts on, and an invalid-CSV error at its own line, whatever ends the lines and the quoted cells hold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { tidyService } from '../../../src/importers/common.js';
import { importCsv } from '../../../src/importers/csv.js';
import { ResidencyError } from '../../../src/model/errors.js';
import type { Service } from '../../../src/model/types.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

/** The error importCsv throws for `csv`: its code, and its first diagnostic's line and message. */
function failure(csv: string): { code: string; line: number | undefined; message: string } {
  try {
    importCsv(csv, 'vendors.csv', 'x', { catalog });
  } catch (error) {
    expect(error).toBeInstanceOf(ResidencyError);
    const e = error as ResidencyError;
    return { code: e.code, line: e.diagnostics[0]?.line, message: e.diagnostics[0]?.message ?? '' };
  }
  throw new Error('importCsv did not throw');
}

describe('CSV rows read as they are parsed', () => {
  it('locates each vendor at its row, across blank lines, skipped rows and quoted line breaks', () => {
    const csv = [
      '',
      'Vendor,Country,Purpose',
      'Alpha Ltd,Germany,"Payroll',
      'and HR"',
      '',
      ',,',
      'Beta GmbH,France,Email',
      ',,orphan purpose',
      '"Gamma ""G"" Inc",Japan,CRM',
      '',
    ].join('\n');
    const f = importCsv(csv, 'vendors.csv', 'x', { catalog });
    const at = f.inventory.vendors.map((v) => [v.name, v.source?.line, v.services?.[0]?.source?.line]);
    expect(at).toEqual([
      ['Alpha Ltd', 3, 3],
      ['Beta GmbH', 7, 7],
      ['Gamma "G" Inc', 9, 9],
    ]);
    expect(f.inventory.vendors[0].services?.[0].description).toBe('Payroll\nand HR');
    // a row of empty cells is no vendor and no complaint; a row with cells but no name is skipped, at its line
    expect(f.skipped).toEqual(['line 8: the row has no vendor name']);
  });

  it('locates rows at the line they start on, whatever ends the lines and whatever the quoted cells hold', () => {
    // one text, written with each kind of line end; its quoted cells hold line breaks of every kind
    const rows = [
      '',
      'Vendor,Country,Purpose',
      'Alpha Ltd,Germany,"Payroll{EOL}and HR"',
      '',
      'Beta GmbH,France,"a\r\nb\rc\nd"',
      '   ',
      '"Gamma{EOL}Inc",Japan,CRM',
      'Delta,Spain,"{EOL}"',
      'Epsilon,Italy,Email',
    ];
    // the line each vendor starts on, counted by hand in the text above (a cell's own breaks count once each)
    const want = [
      ['Alpha Ltd', 3],
      ['Beta GmbH', 6],
      ['Gamma\nInc', 11],
      ['Delta', 13],
      ['Epsilon', 15],
    ];
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const end of ['', eol]) {
        const csv = `\uFEFF${rows.join(eol).replaceAll('{EOL}', eol)}${end}`;
        const f = importCsv(csv, 'vendors.csv', 'x', { catalog });
        const at = f.inventory.vendors.map((v) => [v.name.replace(/\r\n?/g, '\n'), v.source?.line]);
        expect(at, JSON.stringify(eol)).toEqual(want);
      }
    }
  });

  it('reports invalid CSV at its line after rows whose cells span lines, whatever ends the lines', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const csv = [
        'Vendor,Country,Purpose',
        `Alpha,Germany,"a${eol}b${eol}c"`,
        'Beta,France,"x"y',
        'Gamma,Japan,CRM',
        '',
      ];
      expect(failure(csv.join(eol)), JSON.stringify(eol)).toMatchObject({ code: 'E_PARSE', line: 5 });
    }
  });

  it('reports a quote never closed at the line it opens on, whatever ends the lines', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const csv = ['Vendor,Country,Purpose', `Alpha,Germany,"a${eol}b"`, 'Beta,France,"open', 'Gamma,Japan,CRM', ''];
      expect(failure(csv.join(eol)), JSON.stringify(eol)).toMatchObject({ code: 'E_PARSE', line: 4 });
    }
  });

  it('reports the header without a name column at the header line', () => {
    expect(failure('\nCountry,Purpose\nGermany,Payroll\n')).toMatchObject({ code: 'E_IMPORT_SHAPE', line: 2 });
  });

  it('reports invalid CSV first, even when the header has no name column either', () => {
    // the header is read before the parser reaches the open quote: its error must wait for the whole text
    const wrongTwice = failure('Country,Purpose\nGermany,Payroll\nFrance,"Email\n');
    expect(wrongTwice.code).toBe('E_PARSE');
    expect(wrongTwice.line).toBe(3);
    expect(wrongTwice.message).toMatch(/^invalid CSV/);
    // --map to a missing column: the same order
    expect(() =>
      importCsv('Vendor,Country\nAlpha,"Germany\n', 'vendors.csv', 'x', { catalog, map: { location: 'Region' } }),
    ).toThrow(/invalid CSV/);
    expect(() =>
      importCsv('Vendor,Country\nAlpha,Germany\n', 'vendors.csv', 'x', { catalog, map: { location: 'Region' } }),
    ).toThrow(/--map location=Region: no column named 'Region'/);
  });

  it('reports a file with no rows at all as having no header', () => {
    for (const csv of ['', '\n\n', '\uFEFF'])
      expect(failure(csv)).toMatchObject({ code: 'E_EMPTY', line: 1, message: 'the CSV file has no header row' });
  });

  it('keeps every list of a tidied service as its own copy, with what it held', () => {
    const inferred = [{ fact: 'countries DE', from: "location 'Germany'" }];
    const unknowns: string[] = [];
    unknowns.push('what data the vendor processes is unknown');
    const service = tidyService({
      id: 'main',
      name: 'Payroll',
      provider: { name: 'Alpha Ltd' },
      countries: ['DE'],
      data: [],
      inferred,
      unknowns,
    } as unknown as Service);
    expect(service).toEqual({
      id: 'main',
      name: 'Payroll',
      provider: { name: 'Alpha Ltd' },
      countries: ['DE'],
      inferred: [{ fact: 'countries DE', from: "location 'Germany'" }],
      unknowns: ['what data the vendor processes is unknown'],
    });
    expect(service.unknowns).not.toBe(unknowns);
    expect(service.inferred).not.toBe(inferred);
    expect(service.inferred?.[0]).toBe(inferred[0]);
  });

  it('says of a location what it says of it alone, once per row, each row with its own lists', () => {
    const places = ['Germany', 'Germany and France', 'worldwide', 'EMEA, Germany', 'Atlantis', 'Germany'];
    const csv = ['Vendor,Location', ...places.map((p, i) => `Vendor ${i},"${p}"`)].join('\n');
    const together = importCsv(csv, 'vendors.csv', 'x', { catalog }).inventory.vendors;
    const alone = places.map(
      (p, i) =>
        importCsv(`Vendor,Location\nVendor ${i},"${p}"\n`, 'vendors.csv', 'x', { catalog }).inventory.vendors[0],
    );
    const said = (v: (typeof together)[number]) => {
      const s = v.services?.[0];
      return { countries: s?.countries, inferred: s?.inferred, unknowns: s?.unknowns };
    };
    expect(together.map(said)).toEqual(alone.map(said));
    // what a location says, word for word (the rows above only agree with each other)
    expect(said(together[1])).toMatchObject({
      countries: ['DE', 'FR'],
      inferred: [{ fact: 'countries DE, FR', from: "location 'Germany and France' (names: Germany, France)" }],
    });
    expect(said(together[2]).unknowns).toContain("location 'worldwide' names no country (too vague to resolve)");
    expect(said(together[3]).unknowns).toContain(
      "location 'EMEA, Germany' also names places that are not a single country",
    );
    // the first and last rows name the same place: equal, and neither holds the other's lists or objects
    const [first, last] = [together[0].services?.[0], together[5].services?.[0]];
    expect(last?.countries).toEqual(first?.countries);
    expect(last?.countries).not.toBe(first?.countries);
    expect(last?.inferred?.[0]).toEqual(first?.inferred?.[0]);
    expect(last?.inferred?.[0]).not.toBe(first?.inferred?.[0]);
  });
});
