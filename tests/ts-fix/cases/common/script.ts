// No import or export: a global script to the compiler. An import would make
// it a module, so the library styles leave it; a loop needs none.
declare function fetchLegacy(id: string): Promise<string>;

async function legacyAll(ids: string[]): Promise<string[]> {
  const out = await Promise.all(ids.map((id) => fetchLegacy(id)));
  return out;
}
