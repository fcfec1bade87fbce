/**
 * JWT payload → `requestContext.authorizer.jwt.claims` in the shape an HTTP API JWT
 * authorizer hands to a payload 2.0 Lambda integration, so handlers see in local mode
 * exactly what they see when deployed.
 *
 * That shape is not in the API Gateway reference; it was measured on real Cognito-backed
 * HTTP APIs (floci-io/floci PR #2011, JwtClaimsWireFormatTest; and
 * aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock issue #802):
 * strings as they are, numbers and booleans stringified, arrays in a bracketed
 * space-separated form (`["admin","poweruser"]` → `"[admin poweruser]"`, not JSON),
 * objects as JSON text, null-valued claims left out.
 */
export type ApiGatewayJwtClaims = Record<string, string>;

export function toApiGatewayClaims(payload: Readonly<Record<string, unknown>>): ApiGatewayJwtClaims {
  const claims: ApiGatewayJwtClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    claims[name] = Array.isArray(value) ? `[${value.map(scalarText).join(' ')}]` : scalarText(value);
  }
  return claims;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
