/**
 * HCL → JSON through @cdktf/hcl2json (HashiCorp's own parser compiled to WebAssembly). Pure
 * computation (no fs); loaded lazily because the WebAssembly module is large.
 */
import { importError } from './common.js';

export type HclJson = Record<string, unknown>;

/** Parse one .tf / .tfvars text. Throws a located ResidencyError (E_PARSE) on a syntax error. */
export async function parseHcl(file: string, text: string): Promise<HclJson> {
  const { parse } = await import('@cdktf/hcl2json');
  try {
    const json = (await parse(file, text)) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
    return json as HclJson;
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    // "parse config: [main.tf:2,7-3,1: Invalid expression; Expected …]"
    const m = message.match(/:(\d+),(\d+)(?:-\d+(?:,\d+)?)?:\s*([^\]]*)/);
    const line = m ? Number(m[1]) : 1;
    const column = m ? Number(m[2]) : 1;
    const detail = (m ? m[3] : message).replace(/\s+/g, ' ').trim();
    throw importError(
      'E_PARSE',
      file,
      line,
      column,
      `invalid HCL: ${detail}`,
      'Fix the Terraform syntax (`terraform validate` shows the same error)',
      'valid Terraform configuration',
    );
  }
}
