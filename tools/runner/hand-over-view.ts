/**
 * The runner shows each ticket's subject in its table, read from the hand-over to classify-ticket
 * as it passes its gateway. Sealed hand-overs (shared/contract/seal.ts) are opened here with the
 * runner's own signing secret, for the display only; anything that does not open is shown as is.
 */
import { isSealed, unsealHandOver } from '@shared/contract';
import { jsonOrUndefined } from './answers';

export function handOverOpener(secret: string | undefined): (body: Buffer) => Buffer {
  return (body) => {
    const v = jsonOrUndefined(body);
    if (!secret || !isSealed(v)) return body;
    try {
      return Buffer.from(JSON.stringify(unsealHandOver(v, secret)));
    } catch {
      return body;
    }
  };
}
