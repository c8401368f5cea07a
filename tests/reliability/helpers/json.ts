import { jsonOrUndefined } from '../../../tools/runner/answers';

/** A captured answer body as JSON, or undefined when it is not JSON (the runner's parser, loosely typed for assertions). */
export const json = (b: Buffer): any => jsonOrUndefined(b);
