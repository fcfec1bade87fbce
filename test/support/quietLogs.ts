// Keep test output readable: structured request logs are for Lambda, not for jest.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
