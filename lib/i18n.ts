// Pure translator over flat catalogs ({ "key": "text" }, the format of the app's i18n/*.json).
// The caller supplies the catalogs; nothing here reads files or Rocket.Chat settings.
import { TranscriptLabelKey, TranscriptLabels } from './transcript/types';

export type Catalog = Record<string, string>;
export type TranslationParams = Record<string, string | number>;

export interface Translator {
    /** Text for `key` in `language`; `{name}` placeholders are replaced by params (as plain text, never re-expanded). */
    t(language: string, key: string, params?: TranslationParams): string;
    /** The catalog language that best matches `wanted` (exact, case-insensitive, base language, else the fallback). */
    resolveLanguage(wanted?: string): string;
    /** Every label a transcript renderer needs, in `language`. */
    labels(language: string): TranscriptLabels;
}

// A Record over the union makes the compiler flag any label key missing here.
const LABEL_KEYS: Record<TranscriptLabelKey, true> = {
    transcript_title: true,
    label_visitor: true,
    label_agent: true,
    label_department: true,
    label_started: true,
    label_closed: true,
    label_duration: true,
    label_time_zone: true,
    label_close_comment: true,
    label_tags: true,
    label_survey: true,
    label_attachment: true,
    label_page_of: true,
    label_part: true,
};

export const TRANSCRIPT_LABEL_KEYS = Object.keys(LABEL_KEYS) as TranscriptLabelKey[];

const RTL_LANGUAGES = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];

/** True for languages written right to left ('ar', 'he-IL', 'fa', 'ur', ...). */
export function isRtlLanguage(language: string): boolean {
    return RTL_LANGUAGES.indexOf(baseLanguage(language)) !== -1;
}

function baseLanguage(language: string): string {
    return language.split(/[-_]/)[0].toLowerCase();
}

function has(object: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
}

export function createTranslator(catalogs: Record<string, Catalog>, fallback = 'en'): Translator {
    const languages = Object.keys(catalogs);
    const labelsCache = new Map<string, TranscriptLabels>();

    function resolveLanguage(wanted?: string): string {
        if (!wanted) {
            return fallback;
        }
        const tag = wanted.trim().replace(/_/g, '-');
        if (has(catalogs, tag)) {
            return tag;
        }
        const lower = tag.toLowerCase();
        const sameTag = languages.find((language) => language.toLowerCase() === lower);
        if (sameTag) {
            return sameTag;
        }
        // 'de-AT' -> 'de' first, else any regional variant ('pt-PT' -> 'pt-BR', 'zh-TW' -> 'zh').
        const base = baseLanguage(tag);
        const sameBase =
            languages.find((language) => language.toLowerCase() === base) ||
            languages.find((language) => baseLanguage(language) === base);
        return sameBase || fallback;
    }

    function lookup(language: string, key: string): string | undefined {
        const text = has(catalogs, language) && has(catalogs[language], key) ? catalogs[language][key] : undefined;
        // Empty strings count as missing, so an untranslated key falls back instead of printing nothing.
        return text ? text : undefined;
    }

    function t(language: string, key: string, params?: TranslationParams): string {
        const template = lookup(resolveLanguage(language), key) || lookup(fallback, key) || key;
        if (!params) {
            return template;
        }
        // One pass with a function replacer: values are inserted literally ('$&', '{x}' stay as typed).
        return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
            has(params, name) ? String(params[name]) : placeholder,
        );
    }

    function labels(language: string): TranscriptLabels {
        const resolved = resolveLanguage(language);
        let cached = labelsCache.get(resolved);
        if (!cached) {
            cached = {} as TranscriptLabels;
            for (const key of TRANSCRIPT_LABEL_KEYS) {
                cached[key] = t(resolved, key);
            }
            labelsCache.set(resolved, Object.freeze(cached));
        }
        return cached;
    }

    return { t, resolveLanguage, labels };
}
