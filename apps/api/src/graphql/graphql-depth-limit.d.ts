// graphql-depth-limit ships no types (and @types/graphql-depth-limit is not installed).
declare module 'graphql-depth-limit' {
  import type { ValidationContext, ASTVisitor } from 'graphql';

  interface DepthLimitOptions {
    ignore?: Array<string | RegExp | ((fieldName: string) => boolean)>;
  }

  function depthLimit(
    maxDepth: number,
    options?: DepthLimitOptions,
    callback?: (depths: Record<string, number>) => void,
  ): (context: ValidationContext) => ASTVisitor;

  export = depthLimit;
}
