// The page's calls: the workspace's /dev/ routes (as the dev routes act as a user, so does the page)
// and the page's own reads under /page/.

export class RequestError extends Error {
    constructor(public readonly status: number, message: string) {
        super(message);
    }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new RequestError(response.status, answer?.error || `${method} ${path}: ${response.status}`);
    }
    return answer as T;
}

export const get = <T>(path: string): Promise<T> => call<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => call<T>('POST', path, body);

/** A query string from values that are all set. */
export const query = (params: Record<string, string | undefined>): string =>
    new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
