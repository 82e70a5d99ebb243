/** The token of an `Authorization: Bearer <token>` header. */
import type { Request } from 'express';

/** The request's bearer token, or undefined when it has none. */
export function bearerTokenOf(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
}
