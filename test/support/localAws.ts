import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../tools/local/dynamo';

/**
 * Point the AWS SDK at local endpoints through its standard variables, with static fake
 * credentials so nothing can reach AWS. Call it before importing layer modules: their
 * configuration and clients are read once per module registry.
 */
export function useLocalAws(endpoints: { dynamodb?: string; bedrock?: string }, extraEnv: Record<string, string> = {}): void {
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    ...(endpoints.dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb } : {}),
    ...(endpoints.bedrock ? { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoints.bedrock } : {}),
    ...extraEnv,
  });
}
