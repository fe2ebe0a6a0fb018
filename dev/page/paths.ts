// Where build/page.ts writes the page's bundle and dev/page/server.ts serves it from (not committed).
import * as path from 'path';

export const PAGE_BUNDLE_DIR = path.join(__dirname, '..', '..', '.build', 'page');
