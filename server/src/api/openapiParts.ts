/** The building blocks of the OpenAPI document (openapiDocument.ts): object shapes and small constructors. */

/** One answer of an operation. */
export interface ResponseObject {
  description: string;
  content?: Record<string, { schema: object }>;
  headers?: Record<string, { description: string; schema: object }>;
}

/** One path or query parameter. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string;
  schema: object;
  /** Used by the contract test to call the route (path parameters). */
  example: string;
}

/** One operation (path + method). */
export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, ResponseObject>;
}

/** The document's shape, as far as this API uses OpenAPI. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Partial<Record<'get' | 'post' | 'delete', OperationObject>>>;
  components: { securitySchemes: Record<string, object>; schemas: Record<string, object> };
}

/** A JSON body with `schema`. */
export const json = (schema: object): Record<string, { schema: object }> => ({ 'application/json': { schema } });
/** A reference to a component schema. */
export const ref = (name: string): object => ({ $ref: `#/components/schemas/${name}` });
/** An error answer (`{error}`). */
export const error = (description: string): ResponseObject => ({ description, content: json(ref('Error')) });
/** The 401 answer. */
export const unauthorized = error('missing or refused bearer token');
/** A text/plain answer. */
export const plainText = (description: string): ResponseObject => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
