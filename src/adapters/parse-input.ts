/**
 * Parsing a text an adapter has read. Its own module, not heap.ts: bin/run.js loads heap.ts on every start, and this
 * loads the parser and the `yaml` library, which `--version` and `--help` never need.
 */
import { type DocumentFormat, detectFormat, type ParsedDocument, parseText, stripBom } from '../parse/parse.js';
import { parsingHeap } from './heap.js';
import { checkYamlHeap, yamlOtherWay } from './perf.js';

/**
 * A text an adapter has read, parsed in the heap it needs: refused first (E_TOO_LARGE) when it is YAML, by the format
 * given or else by its name and first character, and too large for the heap (checkYamlHeap); then parsed with the
 * growth factor for parsing (parsingHeap). `inventory`: the refusal names the command that converts an inventory file
 * to JSON; `otherWay`, what else it suggests; `command`, the command the heap hint repeats.
 */
export function parseReadText(
  text: string,
  file: string,
  options: {
    format?: DocumentFormat;
    inventory?: boolean;
    command?: string;
    otherWay?: string;
    heapLimit?: number;
    heapUsed?: number;
  } = {},
): ParsedDocument {
  const body = stripBom(text);
  // told once, here, and given to the parser (an empty text is the parser's to refuse, whatever its format)
  const format = options.format ?? detectFormat(file, body);
  if (format === 'yaml' && body.trim() !== '')
    checkYamlHeap(body, file, {
      heapLimit: options.heapLimit,
      heapUsed: options.heapUsed,
      command: options.command,
      otherWay: options.otherWay ?? yamlOtherWay(file, options.inventory === true),
    });
  return parsingHeap(() => parseText(text, file, { format }));
}
