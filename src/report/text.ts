/**
 * Strip ANSI escape sequences, C0/C1 control characters and bidirectional overrides from text
 * that came from an inventory, so it cannot rewrite a terminal or reorder what a reader sees.
 * Newlines become spaces (one finding stays on its lines).
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\)/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
    .replace(/[\r\n\t]+/g, ' ');
}
