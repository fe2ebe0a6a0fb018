// Small, distinct test images made from a seed: a PNG (gradient) and a baseline JPEG (a mosaic of
// flat 8x8 blocks, so every block is one DC coefficient: a tiny, valid encoder is enough).
import * as zlib from 'zlib';
import { createRng } from './prng';

type Rgb = [number, number, number];

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

function colours(seed: number): { from: Rgb; to: Rgb } {
    const rng = createRng(seed);
    const colour = (): Rgb => [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    return { from: colour(), to: colour() };
}

/** A diagonal gradient between two seeded colours at (x, y). */
function gradient(seed: number, width: number, height: number): (x: number, y: number) => Rgb {
    const { from, to } = colours(seed);
    return (x, y) => {
        const t = (x / width + y / height) / 2;
        return [0, 1, 2].map((i) => from[i] + (to[i] - from[i]) * t) as Rgb;
    };
}

// ---- PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
});

function crc32(buf: Buffer): number {
    let c = 0xffffffff;
    for (const b of buf) {
        c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
}

export function makePng(seed: number, width = 320, height = 240): Buffer {
    const pixel = gradient(seed, width, height);
    const stride = width * 3 + 1;
    const raw = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        raw[y * stride] = 0; // filter: none
        for (let x = 0; x < width; x++) {
            const [r, g, b] = pixel(x, y);
            raw.set([clamp(r), clamp(g), clamp(b)], y * stride + 1 + x * 3);
        }
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // RGB
    return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// ---- JPEG (baseline, 4:4:4, quantisation 1, DC-only blocks)

// Standard luminance DC table (ITU T.81 Annex K.3): code counts per length 1..16, symbols 0..11.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// AC table with the one symbol a flat block needs: EOB (0x00) as the 1-bit code "0".
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];

function huffmanCodes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
    const codes = new Map<number, { code: number; length: number }>();
    let code = 0;
    let k = 0;
    for (let length = 1; length <= 16; length++) {
        for (let i = 0; i < bits[length - 1]; i++) {
            codes.set(values[k++], { code, length });
            code++;
        }
        code <<= 1;
    }
    return codes;
}

class BitWriter {
    private readonly bytes: number[] = [];
    private acc = 0;
    private count = 0;

    public write(value: number, length: number): void {
        for (let i = length - 1; i >= 0; i--) {
            this.acc = (this.acc << 1) | ((value >>> i) & 1);
            if (++this.count === 8) {
                this.flushByte();
            }
        }
    }

    public finish(): Buffer {
        while (this.count !== 0) {
            this.write(1, 1); // pad with 1 bits
        }
        return Buffer.from(this.bytes);
    }

    private flushByte(): void {
        this.bytes.push(this.acc);
        if (this.acc === 0xff) {
            this.bytes.push(0); // byte stuffing
        }
        this.acc = 0;
        this.count = 0;
    }
}

function segment(marker: number, data: number[]): Buffer {
    const out = Buffer.alloc(4 + data.length);
    out.writeUInt16BE(marker, 0);
    out.writeUInt16BE(data.length + 2, 2);
    Buffer.from(data).copy(out, 4);
    return out;
}

export function makeJpeg(seed: number, width = 320, height = 240): Buffer {
    const pixel = gradient(seed, width, height);
    const blocksX = Math.ceil(width / 8);
    const blocksY = Math.ceil(height / 8);
    const dc = huffmanCodes(DC_BITS, DC_VALUES);
    const ac = huffmanCodes(AC_BITS, AC_VALUES);
    const eob = ac.get(0)!;
    const bits = new BitWriter();
    const previous = [0, 0, 0];
    for (let by = 0; by < blocksY; by++) {
        for (let bx = 0; bx < blocksX; bx++) {
            const [r, g, b] = pixel(bx * 8 + 4, by * 8 + 4);
            const ycc = [0.299 * r + 0.587 * g + 0.114 * b, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b];
            for (let c = 0; c < 3; c++) {
                const value = 8 * (clamp(ycc[c]) - 128); // DC of a flat block, quantiser 1
                const diff = value - previous[c];
                previous[c] = value;
                const magnitude = Math.abs(diff);
                const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
                const code = dc.get(category)!;
                bits.write(code.code, code.length);
                if (category > 0) {
                    bits.write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
                }
                bits.write(eob.code, eob.length);
            }
        }
    }
    const jfif = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const dqt = [0x00, ...new Array(64).fill(1)];
    const sof = [8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
    const dht = [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES];
    const sos = [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0];
    return Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        segment(0xffe0, jfif),
        segment(0xffdb, dqt),
        segment(0xffc0, sof),
        segment(0xffc4, dht),
        segment(0xffda, sos),
        bits.finish(),
        Buffer.from([0xff, 0xd9]),
    ]);
}
