import { generateKey, hashKey } from '../../auth/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'generate an API key and the hash to put in the config',
  usage: `Usage: agentwall keygen [--hash <key>]

Prints a new random API key and its config hash. Give the key to the client; put only the hash
in the config's keys list. With --hash, prints the hash of an existing key (read it from stdin
with --hash - to keep it out of shell history).`,
  async run(argv, io) {
    const { values } = parse(argv, { hash: { type: 'string' } });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (values.hash !== undefined) {
      const key = values.hash === '-' ? (await readAll(io.stdin)).trim() : values.hash;
      io.stdout.write(`${hashKey(key)}\n`);
      return 0;
    }
    const key = generateKey();
    io.stdout.write(`key:  ${key}\nhash: ${hashKey(key)}\n`);
    return 0;
  },
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}
