import type { RequestContext } from '../context/request-context.ts';

/** What the edge (edge.ts) gives every request, read by handlers as `c.env`. */
export interface HttpBindings {
  readonly context: RequestContext;
  /** The caller's network address (see edge.ts for when a proxy's word is taken). */
  readonly clientAddress: string;
}

export interface HttpEnv {
  Bindings: HttpBindings;
}
