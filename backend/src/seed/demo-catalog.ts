import { createHash } from 'node:crypto';
import { ean13CheckDigit } from '@seri/shared';

export { ean13CheckDigit, isValidEan13 } from '@seri/shared';

/**
 * The demo shop's catalogue: a neighbourhood shop ("boutique") of francophone West Africa.
 * Everything is derived deterministically, so every fresh database gets the same ids,
 * barcodes and prices, and tests can rely on them.
 */
export interface DemoProduct {
  id: string;
  sku: string;
  barcode: string;
  name: string;
  price: number;
  cost: number;
  category: string;
  lowStockThreshold: number;
  openingStock: number;
}

interface Family {
  category: string;
  code: string;
  brands: readonly string[];
  /** Size label and price in XOF of the reference brand. */
  sizes: readonly (readonly [string, number])[];
  /** Price factor per brand (same order as brands); 1 when absent. */
  factors?: readonly number[];
}

const FAMILIES: readonly Family[] = [
  {
    category: 'Riz et céréales',
    code: 'RIZ',
    brands: ['Riz parfumé Mémé Cassé', 'Riz brisé Royal Umbrella', 'Riz local Terral', 'Riz jasmin Dragon d’Or'],
    sizes: [['1 kg', 700], ['5 kg', 3400], ['25 kg', 16000], ['50 kg', 31000]],
    factors: [1, 0.95, 1.05, 1.2],
  },
  {
    category: 'Huiles',
    code: 'HUI',
    brands: ['Huile Dinor', 'Huile Niinal', 'Huile Jadida', 'Huile d’arachide Lesieur'],
    sizes: [['50 cl', 700], ['1 L', 1300], ['5 L', 6000], ['20 L', 23500]],
    factors: [1, 0.95, 0.9, 1.3],
  },
  {
    category: 'Sucre',
    code: 'SUC',
    brands: ['Sucre en poudre CSS', 'Sucre en morceaux Saint-Louis', 'Sucre roux Richard-Toll'],
    sizes: [['500 g', 400], ['1 kg', 750], ['5 kg', 3600]],
    factors: [1, 1.15, 1.1],
  },
  {
    category: 'Produits laitiers',
    code: 'LAI',
    brands: ['Lait en poudre Vitalait', 'Lait en poudre Laicran', 'Lait en poudre Nido', 'Lait concentré Bonnet Rouge'],
    sizes: [['sachet 22 g', 100], ['400 g', 2500], ['900 g', 5000], ['2,5 kg', 13500]],
    factors: [1, 0.95, 1.25, 0.6],
  },
  {
    category: 'Thé et café',
    code: 'THE',
    brands: ['Thé vert Ataya 4011', 'Thé vert Ataya 41022', 'Thé Lipton Yellow Label', 'Café Touba Mame Diarra'],
    sizes: [['25 g', 250], ['100 g', 900], ['250 g', 2000]],
    factors: [1, 0.9, 1.3, 1.1],
  },
  {
    category: 'Bouillons et assaisonnements',
    code: 'BOU',
    brands: ['Bouillon Maggi', 'Bouillon Jumbo', 'Bouillon Adja', 'Bouillon Doli'],
    sizes: [['cube', 25], ['paquet 50 cubes', 1250], ['boîte 100 cubes', 2400]],
    factors: [1, 1, 0.9, 0.85],
  },
  {
    category: 'Boissons',
    code: 'BOI',
    brands: ['Coca-Cola', 'Fanta Orange', 'Sprite', 'Youki Cocktail', 'Malta Guinness'],
    sizes: [['canette 33 cl', 400], ['bouteille 50 cl', 350], ['bouteille 1,5 L', 850]],
    factors: [1, 1, 1, 0.9, 1.25],
  },
  {
    category: 'Eau',
    code: 'EAU',
    brands: ['Eau minérale Kirène', 'Eau minérale Cristal'],
    sizes: [['50 cl', 200], ['1,5 L', 350], ['pack 6 × 1,5 L', 2000]],
  },
  {
    category: 'Hygiène',
    code: 'HYG',
    brands: ['Savon de Marseille La Belle', 'Savon Madar', 'Savon Lux'],
    sizes: [['pain 200 g', 300], ['pain 400 g', 550], ['lot de 4', 1100]],
    factors: [1, 0.9, 1.4],
  },
  {
    category: 'Hygiène',
    code: 'DEN',
    brands: ['Dentifrice Colgate', 'Dentifrice Signal'],
    sizes: [['75 ml', 750], ['140 ml', 1250]],
    factors: [1.1, 1],
  },
  {
    category: 'Entretien',
    code: 'ENT',
    brands: ['Lessive en poudre Omo', 'Lessive en poudre Madar', 'Eau de Javel La Croix'],
    sizes: [['sachet 200 g', 250], ['1 kg', 1200], ['3 kg', 3300]],
    factors: [1.1, 1, 0.8],
  },
  {
    category: 'Farine et pâtes',
    code: 'FAR',
    brands: ['Farine de blé Grands Moulins de Dakar', 'Couscous de mil Dari'],
    sizes: [['1 kg', 600], ['5 kg', 2800], ['25 kg', 13500]],
    factors: [1, 1.4],
  },
  {
    category: 'Farine et pâtes',
    code: 'PAT',
    brands: ['Spaghetti Panzani', 'Macaroni Pasta Dakar', 'Vermicelles Maman'],
    sizes: [['500 g', 500], ['carton 20 × 500 g', 9500]],
    factors: [1.2, 1, 0.9],
  },
  {
    category: 'Conserves',
    code: 'TOM',
    brands: ['Tomate concentrée Dieg Bou Diar', 'Tomate concentrée Mami', 'Tomate concentrée Gino'],
    sizes: [['70 g', 150], ['400 g', 650], ['800 g', 1200], ['2,2 kg', 3000]],
    factors: [1, 0.9, 1.1],
  },
  {
    category: 'Conserves',
    code: 'CON',
    brands: ['Sardines Pôle Sud', 'Thon Albacore Mareblu', 'Petits pois Bonduelle'],
    sizes: [['boîte 125 g', 600], ['boîte 400 g', 1100]],
    factors: [1, 1.3, 1],
  },
  {
    category: 'Condiments',
    code: 'CND',
    brands: ['Mayonnaise Calvé', 'Moutarde Dijona', 'Vinaigre Bonal', 'Sel iodé Saloum', 'Poivre noir moulu Ducros'],
    sizes: [['petit format', 500], ['grand format', 1400]],
    factors: [1.2, 1, 0.7, 0.4, 1.3],
  },
  {
    category: 'Petit-déjeuner',
    code: 'PDJ',
    brands: ['Nescafé Classic', 'Chocolat en poudre Chocoleca', 'Margarine Blue Band', 'Confiture de fraise Materne'],
    sizes: [['petit pot', 900], ['grand pot', 2200]],
    factors: [1.2, 1, 0.8, 1.1],
  },
  {
    category: 'Biscuits et confiseries',
    code: 'BIS',
    brands: ['Biscuits Tuc', 'Biscuits Choco Prince', 'Biscuits Bonbix', 'Bonbons Mentos'],
    sizes: [['paquet', 250], ['carton de 24', 5500]],
    factors: [1.2, 1.4, 0.8, 1],
  },
  {
    category: 'Bébé',
    code: 'BEB',
    brands: ['Couches Pampers', 'Lait infantile Guigoz', 'Céréales Cérélac'],
    sizes: [['petit format', 2500], ['grand format', 7500]],
    factors: [1.3, 1.6, 0.7],
  },
  {
    category: 'Produits frais',
    code: 'FRA',
    brands: ['Œufs frais', 'Oignons de Hollande', 'Pommes de terre'],
    sizes: [['unité', 100], ['lot', 2600]],
    factors: [1, 5, 5],
  },
  {
    category: 'Divers',
    code: 'DIV',
    brands: ['Bougies Lumière', 'Allumettes Tigre', 'Piles Panasonic AA', 'Recharge Orange'],
    sizes: [['unité', 100], ['paquet', 1000]],
    factors: [1, 0.25, 3, 5],
  },
];

/** A UUID (version 4 layout) derived from a name, so the demo's ids are the same on every machine. */
export function demoUuid(name: string): string {
  const hex = createHash('sha256').update(`seri-demo:${name}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** EAN-13 check digit (GS1): weights 1 and 3 alternating from the left over the first 12 digits. */
/** Deterministic 0..1 from a name (the demo must be the same everywhere). */
function unitNoise(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) / 0x1_0000_0000;
}

function roundPrice(value: number): number {
  const step = value < 500 ? 25 : value < 5_000 ? 50 : value < 50_000 ? 250 : 500;
  return Math.max(step, Math.round(value / step) * step);
}

/** GS1 prefix 604 (Senegal) and a company number of our own. */
const EAN_PREFIX = '6042024';

function buildCatalogue(): DemoProduct[] {
  const products: DemoProduct[] = [];
  for (const family of FAMILIES) {
    let serial = 0;
    family.brands.forEach((brand, brandIndex) => {
      for (const [label, basePrice] of family.sizes) {
        serial += 1;
        const name = `${brand} ${label}`;
        const price = roundPrice(basePrice * (family.factors?.[brandIndex] ?? 1));
        const first12 = `${EAN_PREFIX}${String(products.length + 1).padStart(5, '0')}`;
        const noise = unitNoise(name);
        const lowStockThreshold = price >= 10_000 ? 2 : price >= 2_000 ? 5 : price >= 500 ? 10 : 20;
        products.push({
          id: demoUuid(`product:${family.code}-${serial}`),
          sku: `${family.code}-${String(serial).padStart(3, '0')}`,
          barcode: `${first12}${ean13CheckDigit(first12)}`,
          name,
          price,
          cost: roundPrice(price * (0.72 + noise * 0.13)),
          category: family.category,
          lowStockThreshold,
          // A few items start at or below their threshold, so the low-stock screens have something to show.
          openingStock: noise < 0.08 ? Math.floor(noise * 50) : Math.round(lowStockThreshold * (2 + noise * 8)),
        });
      }
    });
  }
  return products;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = buildCatalogue();
export const DEMO_PRODUCT_COUNT = DEMO_PRODUCTS.length;
