// The parts of pdfmake and pdfkit that the chunked printer (lib/pdf/printer.ts) drives, as the
// vendor bundle exports them (build/vendor.ts). Types only: the vendor and the printer both name them.

export type PdfNode = Record<string, unknown>;

/** A page as pdfmake's LayoutBuilder returns it. */
export interface LaidOutPage {
    items: Array<{ type: string; item: { x: number; y: number } }>;
}

/** The parts of pdfkit's page this printer touches (see pdfkit's PDFPage). */
export interface PdfKitPage {
    xobjects: Record<string, unknown>;
    content: PdfKitReference;
    resources: { data: Record<string, unknown> };
}

/** pdfkit's PDFReference: an indirect object, written when ended. */
export interface PdfKitReference {
    data: Record<string, unknown>;
    write(chunk: string | Uint8Array): void;
    end(chunk?: string | Uint8Array): void;
}

/** The pdfkit document (pdfmake's subclass) the chunks are drawn on. */
export interface PdfKitDocument {
    page: PdfKitPage;
    ref(data: Record<string, unknown>): PdfKitReference;
    addContent(operators: string): void;
    on(event: 'data', listener: (chunk: Uint8Array) => void): void;
    on(event: 'pageAdded', listener: () => void): void;
    on(event: 'end' | 'error', listener: (error?: Error) => void): void;
    end(): void;
}

/** What pdfmake's Printer uses internally, exported by the vendor bundle (build/vendor.ts). */
export interface PdfmakeLayout {
    PDFDocument: new (fonts: object, images: object, patterns: object, attachments: object, options: object, virtualfs: unknown, localAccessPolicy: unknown) => PdfKitDocument;
    LayoutBuilder: new (
        pageSize: object,
        pageMargins: object,
        svgMeasure: unknown,
    ) => {
        layoutDocument(content: PdfNode[], doc: PdfKitDocument, styles: object, defaultStyle: object, background: null, header: null, footer: unknown, watermark: null, pageBreakBefore: null): LaidOutPage[];
        /** After layout: where the next node would go on the last page. */
        writer: { context(): { y: number } };
    };
    Renderer: new (doc: PdfKitDocument) => { renderPages(pages: LaidOutPage[]): void; renderLine(line: object, x: number, y: number): void };
    SVGMeasure: new () => unknown;
    normalizePageSize(size: string, orientation: string): { width: number; height: number };
    normalizePageMargin(margins: number[]): { left: number; top: number; right: number; bottom: number };
}
