// Keep test output readable: structured request logs are for Lambda, not for jest.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// EMF metric lines likewise (Powertools Metrics); layers/shared/src/metrics.test.ts turns them on.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
