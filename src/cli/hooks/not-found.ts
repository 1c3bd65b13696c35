import type { Hook } from '@oclif/core';
import { EXIT } from '../../model/errors.js';
import { terminalSafe } from '../../report/text.js';
import { didYouMean } from '../../util/suggest.js';
import { writeStderr } from '../base.js';

/**
 * A mistyped command (`residency chek`) is a usage error: one line naming the closest command, exit 2.
 * It never prompts (CI has no one to answer) and never runs a guess.
 */
const hook: Hook.CommandNotFound = async function (opts) {
  // oclif joins words with ':' internally; users type them with spaces
  const spaced = (id: string): string => id.replaceAll(':', ' ');
  const visible = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  // oclif folds the arguments into the id (`chek x.yaml` -> `chek:x.yaml`): compare each command with as
  // many typed words as it has, the longest commands first (`rule list` -> `rules list`)
  const words = opts.id.split(':');
  const lengths = [...new Set(visible.map((id) => id.split(':').length))].sort((a, b) => b - a);
  let typed = words[0];
  let suggestion: string | undefined;
  for (const n of lengths) {
    if (n > words.length) continue;
    const candidate = didYouMean(
      words.slice(0, n).join(' '),
      visible.filter((id) => id.split(':').length === n).map(spaced),
    );
    if (candidate) {
      typed = words.slice(0, n).join(' ');
      suggestion = candidate;
      break;
    }
  }
  const bin = opts.config.bin;
  const hint = suggestion ? ` Did you mean \`${bin} ${suggestion}\`?` : '';
  writeStderr(
    terminalSafe(
      `error E_USAGE: '${typed}' is not a ${bin} command.${hint} Run \`${bin} help\` for the list of commands`,
    ),
  );
  this.exit(EXIT.ERROR);
};

export default hook;
