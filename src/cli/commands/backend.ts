import { describeBackend, initBackend } from '../../backend/select';
import { parseFlags, printJson, type Command } from '../command';

export const backendCommand: Command = {
  name: 'backend',
  summary: 'which TensorFlow.js backend runs, why the better ones were skipped, and the thread count',
  usage: 'geopretrain backend [--json]',
  async run(argv) {
    const { values } = parseFlags('backend', argv, { json: { type: 'boolean' } }, false);
    const info = await initBackend();
    if (values.json) printJson(info);
    else console.log(describeBackend(info));
    return 0;
  },
};
