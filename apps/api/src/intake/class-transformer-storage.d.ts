// class-transformer keeps its @Type/@Transform metadata in a storage its index does not export;
// its typings describe the module (types/storage.d.ts) but sit apart from the CommonJS file.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

  export const defaultMetadataStorage: MetadataStorage;
}
