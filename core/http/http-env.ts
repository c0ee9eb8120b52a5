import type { RequestContext } from '../context/request-context.ts';

/** Variables the middleware stack sets on every request. */
export interface HttpEnv {
  Variables: {
    context: RequestContext;
    clientAddress: string;
  };
}
