// Methods an endpoint does not implement. Rocket.Chat's app router passes every method to the
// engine (Express `router.all`), the engine fails a call whose method the endpoint object lacks
// ("<path>'s put not exists"), and the router answers that failure 500 with the message as text
// (apps/meteor/app/apps/server/bridges/api.ts): every 500 lands in the operators' log. So each
// endpoint answers the other methods itself: 405 with an `Allow` header, as Rocket.Chat's REST
// routes (Restivus) answer a method a route lacks, with the body in Rocket.Chat's error shape.
import { ApiAnswer, typedFailure } from './errors';

/** The methods the Apps-Engine knows (`RequestMethod`); those an endpoint implements are its `Allow`. */
const ENGINE_METHODS = ['get', 'post', 'put', 'delete', 'head', 'options', 'patch'];

/** Every method Node's HTTP parser accepts (`http.METHODS`), hence every one Express's `router.all` passes on. */
const HTTP_METHODS = [
    'acl', 'bind', 'checkout', 'connect', 'copy', 'delete', 'get', 'head', 'link', 'lock', 'm-search', 'merge', 'mkactivity',
    'mkcalendar', 'mkcol', 'move', 'notify', 'options', 'patch', 'post', 'propfind', 'proppatch', 'purge', 'put', 'query',
    'rebind', 'report', 'search', 'source', 'subscribe', 'trace', 'unbind', 'unlink', 'unlock', 'unsubscribe',
];

export interface MethodNotAllowedAnswer extends ApiAnswer {
    headers: { Allow: string };
}

export function methodNotAllowed(method: string, allowed: string[]): MethodNotAllowedAnswer {
    const answer = typedFailure('error-method-not-allowed', `Method ${method.toUpperCase()} is not allowed on this endpoint`, 405);
    return { ...answer, headers: { Allow: allowed.map((m) => m.toUpperCase()).join(', ') } };
}

/** The methods of ENGINE_METHODS the endpoint implements. */
export function allowedMethods(endpoint: object): string[] {
    return ENGINE_METHODS.filter((method) => typeof (endpoint as Record<string, unknown>)[method] === 'function');
}

/**
 * Gives the endpoint a 405 answer for every method it does not implement. Called after the
 * endpoint is registered: the engine lists an endpoint's methods (Administration → Apps shows them)
 * when it is registered, and looks a method up only when a call arrives.
 */
export function refuseOtherMethods(endpoint: object): void {
    const allowed = allowedMethods(endpoint);
    const methods = endpoint as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
        if (typeof methods[method] !== 'function') {
            methods[method] = async () => methodNotAllowed(method, allowed);
        }
    }
}
