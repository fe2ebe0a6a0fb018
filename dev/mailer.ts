// What Rocket.Chat's mailer does to an app's email before it leaves (apps/meteor/app/mailer/server/api.ts,
// reached through apps/meteor/app/apps/server/bridges/email.ts → Mailer.send):
//   subject: replace(subject)
//   text:    replace(text), or, when there is none, stripHtml(replace(html))
//   html:    replaceEscaped(body.replace('{{body}}', html)), body = `${replace(Email_Header)} {{body}} ${replace(Email_Footer)}`
// `replace` translates every `{word …}` (replaceVariables.ts) and fills `[Site_Name]`, `__Site_Name__`,
// `[Site_URL]`, `[Site_URL_Slash]` (any case). Not emulated: the `email_style` CSS juice inlines into the
// header and footer, and `email_plain_text_only`.
import { Workspace } from './workspace';

/**
 * `i18n.t(key)` for every `{key …}`. i18next answers a key it lacks with the key itself, and the
 * English of the keys a conversation is likely to hold (`Username`, `Hi`, `Login`) is the same word:
 * here every key answers itself, so `{Username}` becomes `Username`, as in an English workspace.
 */
const translate = (str: string) => str.replace(/\{ *([^{} ]+)[^{}]*\}/gim, (_match, key: string) => key);

const replaceKey = (str: string, key: string, value = '') => str.replace(new RegExp(`(\\[${key}\\]|__${key}__)`, 'igm'), value);

/** @rocket.chat/string-helpers escapeHTML. */
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c]!);

export interface MailerEmail {
    subject: string;
    html?: string;
    text?: string;
}

export class LocalMailer {
    constructor(private readonly ws: Workspace) {}

    /** The email as Mailer.send hands it to the SMTP transport. */
    public send(email: MailerEmail): Required<Pick<MailerEmail, 'subject'>> & MailerEmail {
        return {
            subject: this.replace(email.subject),
            text: (email.text && this.replace(email.text)) || (email.html && stripHtml(this.replace(email.html))) || undefined,
            html: email.html ? this.wrap(email.html) : undefined,
        };
    }

    private replace(str: string, data: Record<string, string | undefined> = {}): string {
        if (!str) {
            return '';
        }
        const siteUrl = this.setting('Site_Url');
        const options: Record<string, string | undefined> = {
            Site_Name: this.setting('Site_Name'),
            Site_URL: siteUrl,
            Site_URL_Slash: siteUrl?.replace(/\/?$/, '/'),
            ...data,
        };
        return Object.entries(options).reduce((ret, [key, value]) => replaceKey(ret, key, value), translate(str));
    }

    private wrap(html: string): string {
        const body = `${this.replace(this.setting('Email_Header') || '')} {{body}} ${this.replace(this.setting('Email_Footer') || '')}`;
        const siteName = this.setting('Site_Name');
        const siteUrl = this.setting('Site_Url');
        // String.prototype.replace with a string: `$&`, `` $` ``, `$'` and `$$` in `html` are patterns.
        return this.replace(body.replace('{{body}}', html), { Site_Name: siteName ? escapeHtml(siteName) : undefined, Site_Url: siteUrl ? escapeHtml(siteUrl) : undefined });
    }

    private setting(id: string): string | undefined {
        const value = this.ws.serverSetting(id);
        return value === undefined || value === null ? undefined : String(value);
    }
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * string-strip-html's `stripHtml(html).result`, near enough for a transcript: the content of head,
 * style and script is dropped, tags are removed (a line break for block elements), entities are
 * decoded (its default, `skipHtmlDecoding: false`), runs of spaces become one.
 */
export function stripHtml(html: string): string {
    return html
        .replace(/<(head|style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<\/?(br|p|div|tr|h[1-6]|table|blockquote|li)\b[^>]*>/gi, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, entity: string) => {
            if (entity[0] === '#') {
                return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
            }
            return NAMED_ENTITIES[entity.toLowerCase()] ?? match;
        })
        .replace(/[ \t]+/g, ' ')
        .replace(/ *\n[\n ]*/g, '\n')
        .trim();
}
