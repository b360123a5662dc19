import { isUuid } from '@seri/shared';
import { DEMO_PRODUCT_COUNT, DEMO_PRODUCTS, demoUuid, ean13CheckDigit, isValidEan13 } from './demo-catalog';

describe('demo catalogue', () => {
  it('has the announced number of products, all with unique ids, SKUs and barcodes', () => {
    expect(DEMO_PRODUCTS).toHaveLength(DEMO_PRODUCT_COUNT);
    for (const key of ['id', 'sku', 'barcode', 'name'] as const) {
      expect(new Set(DEMO_PRODUCTS.map((product) => product[key])).size).toBe(DEMO_PRODUCT_COUNT);
    }
  });

  it('uses valid UUIDs and EAN-13 barcodes', () => {
    for (const product of DEMO_PRODUCTS) {
      expect(isUuid(product.id)).toBe(true);
      expect(isValidEan13(product.barcode)).toBe(true);
    }
  });

  it('computes the GS1 check digit (known codes)', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
  });

  it('prices in whole XOF, cost below price, opening stock never negative', () => {
    for (const product of DEMO_PRODUCTS) {
      expect(Number.isSafeInteger(product.price)).toBe(true);
      expect(product.price).toBeGreaterThan(0);
      expect(product.cost).toBeLessThanOrEqual(product.price);
      expect(product.openingStock).toBeGreaterThanOrEqual(0);
    }
  });

  it('is deterministic', () => {
    expect(demoUuid('product:RIZ-1')).toBe(demoUuid('product:RIZ-1'));
    expect(DEMO_PRODUCTS[0]?.id).toBe(demoUuid('product:RIZ-1'));
  });
});
