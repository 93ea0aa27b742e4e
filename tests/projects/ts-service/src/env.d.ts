// The host functions this service uses (it runs on Node; the full Node typings are not needed here).
declare function setTimeout(callback: () => void, ms: number): unknown;
