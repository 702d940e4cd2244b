/** The wire contract of the operations routes: liveness, and the OpenAPI document itself. */
import { z } from 'zod';

export const healthView = z.object({ status: z.literal('ok') });

/**
 * An OpenAPI 3.1 document (src/http/openapi.ts): its operations by path and method, each with a
 * typed response. The JSON Schemas it carries are open objects by nature (draft 2020-12).
 */
const jsonSchema = z.record(z.string(), z.unknown());
const content = z.object({ 'application/json': z.object({ schema: jsonSchema }) });
/** An entry of the policy table (src/domain/access.ts), as the document shows it. */
const policyEntry = z.object({
  key: z.string(),
  about: z.enum(['practice', 'client']),
  note: z.string(),
  audience: z.string().optional(),
  allow: z.array(z.string()).readonly().optional(),
  readWith: z.array(z.string()).readonly().optional(),
  refusal: z.string().optional(),
  record: z.array(z.string()).readonly().optional(),
});
export const openApiOperation = z.object({
  summary: z.string(),
  tags: z.array(z.string()),
  operationId: z.string(),
  /** The route's entry in the policy table. */
  'x-accord-policy': policyEntry,
  /** Further entries a request may need, decided after validation (`always: false`: only some requests). */
  'x-accord-requires': z.array(policyEntry.extend({ always: z.boolean() })).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z.array(z.object({ name: z.string(), in: z.enum(['path', 'query']), required: z.boolean(), schema: jsonSchema })),
  requestBody: z.object({ required: z.boolean(), content }).optional(),
  responses: z.record(z.string(), z.object({ description: z.string(), content })),
});
export const openApiView = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), openApiOperation)),
  components: z.object({
    securitySchemes: z.record(z.string(), z.object({ type: z.string(), in: z.string(), name: z.string() })),
    schemas: z.record(z.string(), jsonSchema),
  }),
});
export type OpenApiDocument = z.infer<typeof openApiView>;
