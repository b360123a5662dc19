import type { SliceCreator } from './seri-store';

/** A cart line holds only what the cashier chose; price and name come live from Dexie. */
export interface CartLine {
  productId: string;
  quantity: number;
}

export interface CartSlice {
  cartLines: CartLine[];
  /** What the cashier typed as cash received; empty means the exact amount. */
  tenderedText: string;
  addToCart: (productId: string, quantity?: number) => void;
  changeQuantity: (productId: string, delta: number) => void;
  removeFromCart: (productId: string) => void;
  setTenderedText: (text: string) => void;
  clearCart: () => void;
}

export const createCartSlice: SliceCreator<CartSlice> = (set) => ({
  cartLines: [],
  tenderedText: '',
  addToCart: (productId, quantity = 1) =>
    set((state) => {
      const existing = state.cartLines.find((line) => line.productId === productId);
      if (existing) {
        return { cartLines: state.cartLines.map((line) => (line === existing ? { ...line, quantity: line.quantity + quantity } : line)) };
      }
      return { cartLines: [...state.cartLines, { productId, quantity }] };
    }),
  changeQuantity: (productId, delta) =>
    set((state) => ({
      cartLines: state.cartLines
        .map((line) => (line.productId === productId ? { ...line, quantity: line.quantity + delta } : line))
        .filter((line) => line.quantity > 0),
    })),
  removeFromCart: (productId) => set((state) => ({ cartLines: state.cartLines.filter((line) => line.productId !== productId) })),
  setTenderedText: (tenderedText) => set({ tenderedText }),
  clearCart: () => set({ cartLines: [], tenderedText: '' }),
});
