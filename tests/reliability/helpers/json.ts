/** A captured answer body as JSON, or undefined when it is not JSON (an empty 504, an HTML 502). */
export const json = (b: Buffer): any => {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
};
