import type { Report } from '../types.js';

export const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color: boolean;
  width?: number;
  quiet?: boolean;
  /** Pretty: the evidence, location, regimes and fix under every finding. */
  verbose?: boolean;
  /** Markdown: at most this many bytes of UTF-8 but for the summary (`--markdown-max-size`). */
  maxBytes?: number;
  /** JUnit: about this many test cases at most (`--junit-max-tests`). */
  maxTests?: number;
  /** SARIF: at most this many results (`--sarif-max-results`). */
  maxResults?: number;
}

type Formatter = (report: Report, options: FormatOptions) => string;

/** A formatter whose output may come in pieces (a large JSON report is never one string). */
export type StreamingFormatter = (report: Report, options: FormatOptions) => string | Iterable<string>;

/** A format's two forms: the whole string, and the same bytes in pieces (a 100k-vendor report is never one string). */
interface FormatModule {
  whole: Formatter;
  pieces: StreamingFormatter;
}

/**
 * One loader per format, each importing its module only when asked for, so `check --format json` never pays for the
 * HTML formatter. Each formatter is pure: (report, options) → text.
 */
const MODULES: Record<Format, () => Promise<FormatModule>> = {
  pretty: async () => {
    const m = await import('./pretty.js');
    return { whole: m.formatPretty, pieces: m.prettyChunks };
  },
  json: async () => {
    const m = await import('./json.js');
    return { whole: m.formatJson, pieces: m.jsonChunks };
  },
  sarif: async () => {
    const m = await import('./sarif.js');
    return { whole: m.formatSarif, pieces: m.sarifChunks };
  },
  junit: async () => {
    const m = await import('./junit.js');
    return { whole: m.formatJunit, pieces: m.junitChunks };
  },
  markdown: async () => {
    const m = await import('./markdown.js');
    return { whole: m.formatMarkdown, pieces: m.markdownChunks };
  },
  html: async () => {
    const m = await import('./html.js');
    return { whole: m.formatHtml, pieces: m.htmlChunks };
  },
  csv: async () => {
    const m = await import('./csv.js');
    return { whole: m.formatCsv, pieces: m.csvChunks };
  },
};

function moduleFor(format: Format): Promise<FormatModule> {
  const load = Object.hasOwn(MODULES, format) ? MODULES[format] : undefined;
  if (!load) throw new Error(`format '${format}' is not available yet`);
  return load();
}

/** The formatter that makes the whole report as one string (a signed report is made so). */
export async function formatterFor(format: Format): Promise<Formatter> {
  return (await moduleFor(format)).whole;
}

/** The formatter to write a report with: its text in pieces, the same bytes as the whole string. */
export async function writerFor(format: Format): Promise<StreamingFormatter> {
  return (await moduleFor(format)).pieces;
}
