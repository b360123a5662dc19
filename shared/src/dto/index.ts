// class-transformer's @Type reads design metadata: each DTO module loads the polyfill first.
export * from './validate';
export * from './common';
export * from './sale.dto';
export * from './cash-session.dto';
export * from './catalog.dto';
export * from './op.dto';
export * from './ipc.dto';
export * from './input-guard';
