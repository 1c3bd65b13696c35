/**
 * Escaping helpers shared by the file formatters (SARIF, JUnit, Markdown, HTML, CSV). Every string
 * that came from an inventory (vendor names, descriptions, messages built from them) passes
 * through one of these before it reaches an output format.
 */

const ANSI_CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const ANSI_OSC = /\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\)/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * Drop ANSI escape sequences, C0/C1 control characters (except tab, newline and carriage return),
 * bidirectional overrides, lone surrogates and the XML 1.0 non-characters U+FFFE/U+FFFF. What is
 * left is legal in XML 1.0 and harmless in Markdown, HTML and CSV.
 */
export function stripControls(text: string): string {
  return text
    .replace(ANSI_CSI, '')
    .replace(ANSI_OSC, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '')
    .replace(BIDI, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** One line: controls stripped and every run of whitespace (newlines included) made one space. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}

/** Text for XML element content and attribute values (both quote kinds escaped). */
export function escapeXml(text: string): string {
  return stripControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** XML attribute value: as escapeXml, with tab/newline/CR kept as character references. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return stripControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Inline Markdown text (GitHub flavour): HTML-significant characters become entities and Markdown
 * punctuation is backslash-escaped, so an inventory string can neither open a tag, a link, an
 * emphasis nor a code span. Newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_[\]#!|~^])/g, '\\$1')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A Markdown table cell: escaped inline text (pipes included); empty cells show an en dash. */
export function markdownCell(text: string | undefined): string {
  const escaped = escapeMarkdown(text ?? '');
  return escaped === '' ? '–' : escaped;
}

/** JSON for a `<script type="application/json">` block: `<`, `>`, `&` and line separators escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
