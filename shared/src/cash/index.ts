export * from './denominations';
export * from './cash-session';
export * from './session-figures';
