// The app's translations. i18n/*.json is bundled into vendor/i18n.js at package time,
// because the app cannot read its own files at run time.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { createTranslator } from '../lib/i18n';
import { readWorkspaceSettings } from './appSettings';

type Translator = ReturnType<typeof createTranslator>;

let instance: Translator | undefined;

export function translator(): Translator {
    if (!instance) {
        // Required lazily and without extension: the engine bundles the app and adds `.js` itself.
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        instance = createTranslator(require('../vendor/i18n'));
    }
    return instance;
}

/** The caller's language: their own preference, else the workspace's. */
export async function callerLanguage(read: IRead, user: IUser): Promise<string> {
    return translator().resolveLanguage(user.settings?.preferences?.language || (await readWorkspaceSettings(read)).language);
}
