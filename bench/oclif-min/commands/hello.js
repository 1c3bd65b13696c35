import { Args, Command, Flags } from '@oclif/core';

export default class Hello extends Command {
  static summary = 'Say hello (the one command of the cold-start baseline).';
  static args = { name: Args.string({ description: 'who to greet', required: false }) };
  static flags = { loud: Flags.boolean({ description: 'shout', default: false }) };

  async run() {
    const { args, flags } = await this.parse(Hello);
    const text = `hello ${args.name ?? 'world'}`;
    this.log(flags.loud ? text.toUpperCase() : text);
  }
}
