// The two host functions the cases use, without the DOM or Node type libraries.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare const console: { log(...values: unknown[]): void };
