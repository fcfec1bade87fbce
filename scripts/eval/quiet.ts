// Imported first by the eval runner: its table is the output, not the functions' request logs and EMF lines.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
