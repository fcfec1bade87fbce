// `npm run bench` (package.json) starts here; the bench lives in index.ts and its sections.
import './index';
