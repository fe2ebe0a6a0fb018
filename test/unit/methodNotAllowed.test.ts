// The 405 answer every endpoint gives for a method it does not implement.
import { allowedMethods, methodNotAllowed, refuseOtherMethods } from '../../lib/rest/methodNotAllowed';

class Endpoint {
    public path = 'livechat/transcript/*';
    public async get() {
        return { status: 200, content: { success: true } };
    }
    public async delete() {
        return { status: 200, content: { success: true } };
    }
}

test('405 in Rocket.Chat’s shape, with Allow', () => {
    expect(methodNotAllowed('put', ['get', 'delete'])).toEqual({
        status: 405,
        content: { success: false, error: 'Method PUT is not allowed on this endpoint [error-method-not-allowed]', errorType: 'error-method-not-allowed' },
        headers: { Allow: 'GET, DELETE' },
    });
});

test('an endpoint keeps its own methods and refuses every other one Express passes on', async () => {
    const endpoint = new Endpoint() as Endpoint & Record<string, any>;
    refuseOtherMethods(endpoint);
    expect(await endpoint.get()).toEqual({ status: 200, content: { success: true } });
    for (const method of ['post', 'put', 'patch', 'head', 'options', 'trace', 'propfind', 'm-search']) {
        expect(await endpoint[method]()).toEqual(methodNotAllowed(method, ['get', 'delete']));
    }
    expect(endpoint.path).toBe('livechat/transcript/*');
});

test('the methods an endpoint implements, in the engine’s order', () => {
    expect(allowedMethods(new Endpoint())).toEqual(['get', 'delete']);
});
