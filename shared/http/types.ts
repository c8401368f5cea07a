/** The part of the template's context and event the shared HTTP helpers use. */
export interface FunctionContextLike {
  status(code: number): FunctionContextLike;
  headers(h: Record<string, string>): FunctionContextLike;
}

export interface FunctionEventLike {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  rawBody: Buffer;
}
