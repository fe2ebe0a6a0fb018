// The app's translations. i18n/*.json is bundled into vendor/i18n.js at package time,
// because the app cannot read its own files at run time.
import { createTranslator } from '../lib/i18n';

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
