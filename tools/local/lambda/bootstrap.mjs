// Worker entry (plain JS so it loads without a loader): register tsx in this thread,
// then run the TypeScript runtime that imports the handler. Each worker thread is one
// Lambda execution environment with its own module graph and its own process.env.
import { register } from 'tsx/esm/api';

register();
await import('./runtime.ts');
