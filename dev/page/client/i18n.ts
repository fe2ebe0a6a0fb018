// The app's own catalogs, for the texts Rocket.Chat's client translates from them: the action
// button's label (`labelI18n`) and the settings' labels, in the language of the user the page acts as.
import { createTranslator } from '../../../lib/i18n';
import ar from '../../../i18n/ar.json';
import de from '../../../i18n/de.json';
import en from '../../../i18n/en.json';
import es from '../../../i18n/es.json';
import fr from '../../../i18n/fr.json';
import ptBR from '../../../i18n/pt-BR.json';
import ru from '../../../i18n/ru.json';
import zh from '../../../i18n/zh.json';

const translator = createTranslator({ ar, de, en, es, fr, 'pt-BR': ptBR, ru, zh });

/** The text of `key` in `language` (English when that language lacks it), or the key itself. */
export const appText = (language: string | undefined, key: string): string => translator.t(language || 'en', key);
