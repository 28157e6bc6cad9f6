// `autocorrector disable` (see switch.ts).
import { switchMain } from './switch.js';

export const main = (argv: string[]): Promise<number> => switchMain('disable', argv);
