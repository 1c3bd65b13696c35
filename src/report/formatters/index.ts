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
}

type Formatter = (report: Report, options: FormatOptions) => string;

/** A formatter whose output may come in pieces (a large JSON report is never one string). */
export type StreamingFormatter = (report: Report, options: FormatOptions) => string | Iterable<string>;

/**
 * One factory for every format. Each formatter is a pure (report, options) → string, loaded only
 * when asked for, so `check --format json` never pays for the HTML formatter.
 */
export async function formatterFor(format: Format): Promise<Formatter> {
  switch (format) {
    case 'pretty':
      return (await import('./pretty.js')).formatPretty;
    case 'json':
      return (await import('./json.js')).formatJson;
    default: {
      const loaders: Record<string, () => Promise<Formatter>> = {
        sarif: async () => (await import('./sarif.js')).formatSarif,
        junit: async () => (await import('./junit.js')).formatJunit,
        markdown: async () => (await import('./markdown.js')).formatMarkdown,
        html: async () => (await import('./html.js')).formatHtml,
        csv: async () => (await import('./csv.js')).formatCsv,
      };
      const loader = loaders[format];
      if (!loader) throw new Error(`format '${format}' is not available yet`);
      return loader();
    }
  }
}

/**
 * The formatter to write a report with: every format streams its text in pieces, the same bytes as its string
 * formatter (a 100k-vendor report is 32 MB in the terminal's format to 572 MB of JUnit: never one string).
 */
export async function writerFor(format: Format): Promise<StreamingFormatter> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).jsonChunks;
    case 'junit':
      return (await import('./junit.js')).junitChunks;
    case 'sarif':
      return (await import('./sarif.js')).sarifChunks;
    case 'markdown':
      return (await import('./markdown.js')).markdownChunks;
    case 'html':
      return (await import('./html.js')).htmlChunks;
    case 'csv':
      return (await import('./csv.js')).csvChunks;
    case 'pretty':
      return (await import('./pretty.js')).prettyChunks;
  }
}
