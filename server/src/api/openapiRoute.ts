/** `GET /api/openapi.json`: the REST API's OpenAPI document (public: it describes, it grants nothing). */
import { Router } from 'express';
import { openapiDocument } from './openapiDocument';

/** Builds the router serving the document. */
export function openapiRouter(): Router {
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(openapiDocument);
  });
  return router;
}
