// Builds an RFC 5322 / MIME message (multipart/alternative: text and HTML, UTF-8, base64).
import { randomBytes } from 'crypto';

export interface EmlInput {
    to: string[];
    from: string;
    replyTo?: string;
    subject: string;
    html?: string;
    text?: string;
}

/** A header value must be one line: mail servers refuse CR/LF there (header injection). */
function headerValue(name: string, value: string): string {
    if (/[\r\n]/.test(value)) {
        throw new Error(`Invalid ${name} header: contains a line break`);
    }
    return value;
}

/** RFC 2047 encoded-word for non-ASCII header text. */
function encodeWord(value: string): string {
    return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function base64Lines(value: string): string {
    return (Buffer.from(value, 'utf8').toString('base64').match(/.{1,76}/g) || []).join('\r\n');
}

export function toEml(email: EmlInput): string {
    const boundary = `=_transcript_${randomBytes(12).toString('hex')}`;
    const headers = [
        `From: ${headerValue('From', email.from)}`,
        `To: ${email.to.map((t) => headerValue('To', t)).join(', ')}`,
        ...(email.replyTo ? [`Reply-To: ${headerValue('Reply-To', email.replyTo)}`] : []),
        `Subject: ${encodeWord(headerValue('Subject', email.subject))}`,
        `Date: ${new Date().toUTCString()}`,
        `Message-ID: <${randomBytes(16).toString('hex')}@localhost>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
    ];
    const parts = [
        ['text/plain', email.text || ''],
        ['text/html', email.html || ''],
    ].map(([type, body]) => [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join('\r\n'));
    return [...headers, '', ...parts, `--${boundary}--`, ''].join('\r\n');
}
