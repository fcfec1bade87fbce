/**
 * Recompute every user's skills aggregate from the stored sessions (`npm run repair-skills`).
 * For tables migrated from the original backend, after incidents, and once after upgrading
 * from the version whose grades left `pending` markers in aggregates (they are dropped).
 * Safe to run while the API serves traffic: each write is conditional on the aggregate's
 * version, so a grade landing meanwhile is never overwritten (that user is read again).
 *
 *   npm run repair-skills                       every user (a full table Scan)
 *   npm run repair-skills -- --user <id> ...    only these users
 *   npm run repair-skills -- --dry-run          report what would change, write nothing
 *
 * Environment: TABLE_NAME (required), USER_INDEX_NAME, AWS_REGION and credentials as for
 * any AWS CLI; AWS_ENDPOINT_URL_DYNAMODB for the embedded DynamoDB of local mode.
 * Exit code: 0 done, 1 on error.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface RepairOptions {
  users?: string[];
  dryRun?: boolean;
}

export type RepairSummary = Record<'created' | 'updated' | 'unchanged', string[]>;

export async function repairSkills(options: RepairOptions, log: (line: string) => void = console.log): Promise<RepairSummary> {
  // Imported here so the environment (table, endpoint) is read after the CLI set it up.
  const { scanUserIds } = await import('@intelliview/shared/sessions');
  const { repairUser } = await import('@intelliview/shared/skills');
  const users = options.users?.length ? options.users : await scanUserIds();
  const summary: RepairSummary = { created: [], updated: [], unchanged: [] };
  for (const userId of users) {
    const outcome = await repairUser(userId, { dryRun: options.dryRun });
    summary[outcome].push(userId);
    if (outcome !== 'unchanged') log(`${options.dryRun ? '[dry run] ' : ''}${outcome}: ${userId}`);
  }
  log(
    `${users.length} users: ${summary.created.length} created, ${summary.updated.length} updated, ` +
      `${summary.unchanged.length} unchanged${options.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  return summary;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { user: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log('usage: npm run repair-skills -- [--user <userId>]... [--dry-run]');
    return 0;
  }
  if (!process.env.TABLE_NAME) {
    console.error('TABLE_NAME is required (the InterviewSession table name).');
    return 1;
  }
  await repairSkills({ users: values.user, dryRun: values['dry-run'] });
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
