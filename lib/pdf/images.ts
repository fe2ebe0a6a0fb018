// Minimal PNG/JPEG sniffing for embedding attachments: checks the signature, reads the pixel
// size (to scale images down to the page, never up) and builds the data URL pdfmake loads.

export interface ImageInfo {
    type: 'png' | 'jpeg';
    width: number;
    height: number;
}

export function sniffImage(data: Uint8Array): ImageInfo | null {
    if (data.length >= 24 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47 && data[4] === 0x0d && data[5] === 0x0a && data[6] === 0x1a && data[7] === 0x0a) {
        // IHDR is the first chunk: length(4) 'IHDR'(4) width(4) height(4)
        if (data[12] !== 0x49 || data[13] !== 0x48 || data[14] !== 0x44 || data[15] !== 0x52) {
            return null;
        }
        const width = readU32(data, 16);
        const height = readU32(data, 20);
        return width > 0 && height > 0 ? { type: 'png', width, height } : null;
    }
    if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
        let i = 2;
        while (i + 9 < data.length) {
            if (data[i] !== 0xff) {
                return null;
            }
            const marker = data[i + 1];
            if (marker === 0xff) {
                i++;
                continue;
            }
            if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            const len = (data[i + 2] << 8) | data[i + 3];
            if (len < 2) {
                return null;
            }
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
            if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
                const height = (data[i + 5] << 8) | data[i + 6];
                const width = (data[i + 7] << 8) | data[i + 8];
                return width > 0 && height > 0 ? { type: 'jpeg', width, height } : null;
            }
            if (marker === 0xda || marker === 0xd9) {
                return null; // scan data before any frame header
            }
            i += 2 + len;
        }
    }
    return null;
}

function readU32(d: Uint8Array, o: number): number {
    return ((d[o] << 24) >>> 0) + (d[o + 1] << 16) + (d[o + 2] << 8) + d[o + 3];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(data: Uint8Array): string {
    // The Apps-Engine sandbox passes Buffer in (and hides globalThis), Node has it as a global.
    if (typeof Buffer !== 'undefined') {
        return Buffer.from(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength).toString('base64');
    }
    const parts: string[] = [];
    let chunk = '';
    let i = 0;
    for (; i + 2 < data.length; i += 3) {
        const n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        chunk += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
        if (chunk.length > 8192) {
            parts.push(chunk);
            chunk = '';
        }
    }
    if (i < data.length) {
        const n = (data[i] << 16) | ((i + 1 < data.length ? data[i + 1] : 0) << 8);
        chunk += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < data.length ? B64[(n >> 6) & 63] : '=') + '=';
    }
    parts.push(chunk);
    return parts.join('');
}

export function dataUrl(info: ImageInfo, data: Uint8Array): string {
    return `data:image/${info.type};base64,${toBase64(data)}`;
}
