import { COMMANDS } from './commands/index';
import { errorMessage, isUserError } from '../util/errors';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'geopretrain: generalised (CSP) vs ImageNet-style (IM-RGB) pre-training for remote-sensing segmentation',
    '',
    'usage: geopretrain <command> [flags]   (geopretrain <command> --help for its flags)',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global flags: --verbose (stack traces on errors), --help',
    'environment: GEOPRETRAIN_BACKEND=tfjs-node-gpu|tfjs-node|wasm|cpu forces a backend',
  ].join('\n');
}

/** Entry point of the CLI; returns the exit code. Errors are one line unless --verbose. */
export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`geopretrain: unknown command '${name}' (geopretrain --help lists them)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (verbose) console.error(err);
    else console.error(`geopretrain ${name}: ${errorMessage(err).split('\n')[0]}`);
    return isUserError(err) ? 2 : 1;
  }
}
