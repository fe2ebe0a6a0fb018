// The translations the app ships (i18n/*.json), for tests that check wording.
import * as fs from 'fs';
import * as path from 'path';
import { Catalog } from '../lib/i18n';

export const I18N_DIR = path.join(__dirname, '..', 'i18n');

export function shippedCatalogs(): Record<string, Catalog> {
    const catalogs: Record<string, Catalog> = {};
    for (const file of fs.readdirSync(I18N_DIR).filter((name) => name.endsWith('.json'))) {
        catalogs[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(I18N_DIR, file), 'utf8'));
    }
    return catalogs;
}
