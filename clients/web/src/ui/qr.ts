/**
 * QR codes as image data URLs. The encoder is fetched on first use, not with the screens that
 * merely link to a QR (the itinerary imports the ticket code to buy, but shows no QR).
 */
type Encoder = typeof import("qrcode");

let encoder: Promise<Encoder> | null = null;

/** Start fetching the encoder (a screen that will show a QR calls this as it opens). */
export function preloadQr(): Promise<Encoder> {
  encoder ??= import("qrcode")
    .then((module) => ((module as { default?: Encoder }).default ?? module) as Encoder)
    .catch((error: unknown) => {
      encoder = null; // fetched again next time (offline on a first visit)
      throw error;
    });
  return encoder;
}

export async function qrDataUrl(text: string, width: number): Promise<string> {
  const QRCode = await preloadQr();
  return QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width });
}
