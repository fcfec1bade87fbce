import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per container (Powertools: level from LOG_LEVEL, service
 * from POWERTOOLS_SERVICE_NAME). Never log whole prompts, completions or transcripts.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'intelliview' });
