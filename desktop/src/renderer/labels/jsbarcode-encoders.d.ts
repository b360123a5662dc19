// JsBarcode's encoders, used without its renderer (the label sheet draws the bars itself, in React).
interface JsBarcodeEncoding {
  /** One character per module: '1' a bar, '0' a space. */
  data: string;
  text: string;
}

declare module 'jsbarcode/bin/barcodes/EAN_UPC/EAN13' {
  export default class EAN13 {
    constructor(data: string, options: { flat: true });
    valid(): boolean;
    encode(): JsBarcodeEncoding;
  }
}

declare module 'jsbarcode/bin/barcodes/CODE128/CODE128_AUTO' {
  export default class CODE128 {
    constructor(data: string, options: Record<string, never>);
    valid(): boolean;
    encode(): JsBarcodeEncoding;
  }
}
