// Applies the redaction settings to a transcript model, once, right after it is built: the
// email and the PDF render what this returns.
import { countryCode } from '../lib/redaction/country';
import { createRedactor, redactionLabels, RedactionSettings, redactTranscript } from '../lib/redaction/redact';
import { loadRedactionVendor } from '../lib/redaction/vendor';
import { channelOf, TranscriptKind } from '../lib/delivery/requests';
import { Transcript } from '../lib/transcript/types';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The transcript as it may leave the workspace: unchanged for a PDF when redaction is set to emails only. */
export function redactForDelivery(transcript: Transcript, settings: RedactionSettings, kind: TranscriptKind, workspaceCountry: string, t: Translate): Transcript {
    if (channelOf(kind) === 'pdf' && settings.scope === 'emails_only') {
        return transcript;
    }
    const vendor = loadRedactionVendor();
    const labels = redactionLabels(t);
    const redactor = createRedactor(settings, labels, vendor, countryCode(workspaceCountry, vendor.phoneCountries));
    return redactTranscript(transcript, redactor);
}
