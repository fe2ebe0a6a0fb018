// HTML helpers for renderers. Everything that came from a person goes through escapeHtml().

const HTML_ESCAPES: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
    return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Escapes plain text and keeps its line breaks as <br>. */
export function textToHtml(text: string): string {
    return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>');
}

/** True only for absolute http(s) URLs: the only ones we ever turn into links or image sources. */
export function isHttpUrl(url: string | undefined): url is string {
    return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url);
}
