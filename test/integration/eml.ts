// Reads the .eml files the local workspace writes: headers and the decoded text/html parts.

export interface ParsedEml {
    headers: Record<string, string>;
    subject: string;
    text: string;
    html: string;
}

function decodeWords(value: string): string {
    return value.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_m, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

export function parseEml(raw: string): ParsedEml {
    const [head, ...rest] = raw.split('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const boundary = /boundary="([^"]+)"/.exec(headers['content-type'])![1];
    const parts = rest.join('\r\n\r\n').split(`--${boundary}`).slice(1, -1);
    const bodies: Record<string, string> = {};
    for (const part of parts) {
        const [partHead, ...partBody] = part.replace(/^\r\n/, '').split('\r\n\r\n');
        const type = /Content-Type: ([^;\r\n]+)/i.exec(partHead)![1];
        bodies[type] = Buffer.from(partBody.join('').replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    return { headers, subject: decodeWords(headers.subject), text: bodies['text/plain'], html: bodies['text/html'] };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** HTML with its character references read back (the app writes `{ } [ ] $ _` as numeric ones). */
export function charactersOf(html: string): string {
    return html.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, ref: string) =>
        ref[0] !== '#' ? NAMED[ref.toLowerCase()] : String.fromCodePoint(ref[1].toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))),
    );
}
