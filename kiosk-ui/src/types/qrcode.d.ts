// The one call the UI makes of the `qrcode` package. Its published types reference Node (streams
// for the server-side writers), which would bring Node's globals into the browser program.
declare module 'qrcode' {
  interface SvgOptions {
    type: 'svg';
    margin?: number;
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  }
  const QRCode: { toString(text: string, options: SvgOptions): Promise<string> };
  export default QRCode;
}
