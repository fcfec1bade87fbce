/**
 * The requests: the sample events of events/<function>.json (what `sam local invoke -e`
 * plays), in the deployed default auth mode (their JWT claims name the caller). The
 * session they name is seeded once (played through the handlers: interview, next turn,
 * grade), so every read answers 200 and every grade is a RE-grade.
 *
 * POST /interview is the one exception: its event would be a replay of a stored turn
 * (no model call, no write) once the session exists, so each call gets a FRESH session id
 * (and a user of its own, so its sessions never reach the other routes' user): every
 * call is a first turn — one read, one model call, one write.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { REPO_ROOT, type FunctionName } from './common';

export type Event = APIGatewayProxyEventV2 & { requestContext: { authorizer?: { jwt?: { claims: Record<string, string> } } } };

export function loadEvent(file: string): Event {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'events', file), 'utf8')) as Event;
}

/** The user the sample events are signed in as. */
export const EVENTS_USER = loadEvent('listSessions.json').requestContext.authorizer!.jwt!.claims.sub!;
export const INTERVIEW_USER = 'bench-interview-user';

/** The same event signed in as another user (claims and, where the contract carries it, userId). */
export function asUser(event: Event, userId: string, query?: Record<string, string>): Event {
  const copy = structuredClone(event);
  copy.requestContext.authorizer!.jwt!.claims.sub = userId;
  if (copy.queryStringParameters?.userId !== undefined || query) {
    copy.queryStringParameters = { ...copy.queryStringParameters, userId, ...query };
    copy.rawQueryString = new URLSearchParams(copy.queryStringParameters as Record<string, string>).toString();
  }
  if (copy.body) {
    const body = JSON.parse(copy.body);
    if ('userId' in body) body.userId = userId;
    copy.body = JSON.stringify(body);
  }
  return copy;
}

/** The event for call `i` of a function (see the module comment). */
export function eventFor(name: FunctionName): () => Event {
  const base = loadEvent(`${name}.json`);
  // A copy per call: the handlers' body parser replaces event.body in place.
  if (name !== 'generateInterviewQuestion') return () => structuredClone(base);
  return () => {
    const event = asUser(base, INTERVIEW_USER);
    const body = JSON.parse(event.body!);
    body.sessionId = randomUUID();
    event.body = JSON.stringify(body);
    return event;
  };
}

