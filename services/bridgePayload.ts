// Large payloads handed to the engine (a PDF, a long email).
//
// The engine's Deno runtime checks every call it sends to the workspace by JSON.stringify-ing its
// parameters (jsonrpc-lite's checkParams), then sends the call as msgpack. For a PDF that check
// builds an array of one number per byte, which blocks the app and costs memory in proportion
// (docs/benchmark.md); for a long email, a copy of all its text. A large payload gets a
// `toJSON` that describes it instead: msgpack does not use it, so what the workspace receives is
// unchanged.

/** `payload`, with a non-enumerable `toJSON` that returns `description`. */
export function describedForJson<T extends object>(payload: T, description: object): T {
    Object.defineProperty(payload, 'toJSON', { value: () => description, enumerable: false, configurable: true });
    return payload;
}

/** `bytes` as a Buffer the engine can take (a view, not a copy), described as its length. */
export function engineBuffer(bytes: Uint8Array): Buffer {
    return describedForJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'Buffer', length: bytes.byteLength });
}
