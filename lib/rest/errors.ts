// Error answers in Rocket.Chat's REST shapes.

export interface ApiAnswer {
    status: number;
    content: object;
}

export const success = (extra: object = {}): ApiAnswer => ({ status: 200, content: { ...extra, success: true } });

/** `{"success":false,"error":"…"}`: Rocket.Chat's short form, e.g. `error-invalid-room`. */
export const failure = (error: string, status = 400): ApiAnswer => ({ status, content: { success: false, error } });

/** `{"success":false,"error":"Message [type]","errorType":"type"}`: Rocket.Chat's Meteor.Error form. */
export const typedFailure = (errorType: string, message: string, status = 400): ApiAnswer => ({
    status,
    content: { success: false, error: `${message} [${errorType}]`, errorType },
});

export const invalidParams = (message: string): ApiAnswer => typedFailure('invalid-params', message);

export const unauthorized = (): ApiAnswer => ({ status: 403, content: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' } });

export const notLoggedIn = (): ApiAnswer => ({ status: 401, content: { status: 'error', message: 'You must be logged in to do this.' } });

export const tooManyRequests = (): ApiAnswer => typedFailure('error-too-many-requests', 'Too many requests', 429);

/** Rocket.Chat's answer for a failure on its side (`API.v1.internalError`, its spelling); the cause goes to the log only. */
export const internalError = (): ApiAnswer => ({ status: 500, content: { success: false, error: 'Internal error occured' } });

/**
 * The reason a workspace call failed, as stored in `lastError` and told to the requester. Apps-Engine
 * 1.46.0 wraps a bridge's error object in `new Error(object)`, so the reason arrives as "[object Object]".
 */
export function failureReason(error: unknown): string {
    const text = (error as Error)?.message || String(error);
    return text === '[object Object]' ? 'the workspace refused the call without a reason (Apps-Engine 1.46.0)' : text;
}
