// Types for the parts of wink-bm25-text-search the evaluation uses (the package ships none).
declare module 'wink-bm25-text-search' {
  type PrepTask = (input: never) => unknown;
  interface BM25Engine {
    defineConfig(config: {
      fldWeights: Record<string, number>;
      bm25Params?: { k1?: number; b?: number; k?: number };
      ovFldNames?: string[];
    }): boolean;
    definePrepTasks(tasks: PrepTask[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): Array<[string, number]>;
  }
  function bm25(): BM25Engine;
  export default bm25;
}
