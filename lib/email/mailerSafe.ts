// Rocket.Chat's mailer (apps/meteor/app/mailer/server/api.ts, `Mailer.send`) rewrites what an app
// sends: the subject, the text part and the whole HTML go through its template replacement, and
// the HTML is inserted into the workspace's Email_Header/Email_Footer with String.prototype.replace.
// What the replacement touches:
//   - `{word …}` becomes the translation of `word` (replaceVariables: /\{ *([^\{\} ]+)[^\{\}]*\}/);
//   - `[Site_Name]`, `__Site_Name__`, `[Site_URL]`, `[Site_URL_Slash]` (any case) become settings;
//   - in the HTML, `$&`, `` $` ``, `$'` and `$$` are replacement patterns of String.prototype.replace.
// These helpers make a transcript arrive as written.

/** The mailer's translation pattern (replaceVariables.ts). */
const TRANSLATED = /\{ *([^{} ]+)[^{}]*\}/;

/** The keys `replace()` fills in for an app's email (it passes no `data`), matched case-insensitively. */
const FILLED_KEYS = /\[(site_name|site_url|site_url_slash)\]|__(site_name|site_url|site_url_slash)__/i;

/** Whether the mailer's replacement leaves `text` exactly as it is. */
export function survivesMailer(text: string): boolean {
    return !TRANSLATED.test(text) && !FILLED_KEYS.test(text);
}

/**
 * The HTML with every `{ } [ ] $ _` written as a numeric character reference: the replacement
 * then finds nothing to change and the reader sees the same characters. The markup itself uses
 * none of them in element or attribute names, so only text and attribute values change.
 */
export function shieldFromMailer(html: string): string {
    return html.replace(/[{}[\]$_]/g, (char) => `&#${char.charCodeAt(0)};`);
}
