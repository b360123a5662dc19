// class-transformer keeps its `@Type` metadata in a module its package does not type for
// deep imports; quick-accept.ts reads it (see there).
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
