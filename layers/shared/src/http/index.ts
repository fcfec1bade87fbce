/**
 * @intelliview/shared/http — the HTTP edge: the shared Middy middlewares (their order is
 * stated once, in ./stack.ts), request schemas, identity and JSON responses.
 *
 * `middy` is re-exported so that handlers use the layer's one copy of @middy/core, like every
 * other dependency the layer bundles; a function bundle holds only its own handler.
 */
export { default as middy } from '@middy/core';
export { httpStack } from './stack';
export { jsonBody, queryParams, type WithInput } from './input';
export { callerIdentity, resolveCaller, type WithCaller } from './identity';
export { transcriptLimits, enforceTranscriptLimits, settingsLimits, enforceSettingsLimits, feedbackLimits, enforceAnswerLimit } from './limits';
export { abortBeforeTimeout, deadline, WRITE_MARGIN_MS, type WithDeadline } from './deadline';
export { errorResponse, fallbackErrorHandler } from './errorResponse';
export { requestLog } from './requestLog';
export { json, text, type HttpEvent, type HttpHandler, type HttpResult, type JwtClaims } from './event';
export type { Caller } from '../domain';
export * from './schemas';
export { sessionsQuerySchema, PAGE_LIMITS } from './paging';
