export { createHttpHandler, json, deadlineFrom, WRITE_MARGIN_MS } from './middleware';
export type { HttpEvent, HttpResult, HttpHandler, HttpHandlerOptions } from './middleware';
export { resolveCaller } from './identity';
export type { Caller } from '../domain';
export * from './schemas';
export { enforceTranscriptLimits } from './limits';
export { sessionsQuerySchema, PAGE_LIMITS } from './paging';
