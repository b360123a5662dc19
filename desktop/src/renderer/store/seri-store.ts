import { create, type StateCreator } from 'zustand';
import { createCartSlice, type CartSlice } from './cart.slice';
import { createSessionSlice, type SessionSlice } from './session.slice';
import { createSyncSlice, type SyncSlice } from './sync.slice';
import { createUiSlice, type UiSlice } from './ui.slice';

/**
 * One bound store made of slices (Zustand's slices pattern). Session and UI state only:
 * persistent data (catalogue, sales, stock, outbox) lives in Dexie and is read with
 * live queries, never copied here.
 */
export type SeriState = SessionSlice & CartSlice & SyncSlice & UiSlice;

export type SliceCreator<T> = StateCreator<SeriState, [], [], T>;

export const useSeriStore = create<SeriState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createCartSlice(...args),
  ...createSyncSlice(...args),
  ...createUiSlice(...args),
}));
