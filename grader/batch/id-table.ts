/**
 * Tables keyed by student id. An id is a folder's name, any characters: "__proto__", "constructor" and
 * "toString" included. On an ordinary object `table["__proto__"] = grades` sets the object's prototype
 * instead of adding a key (the student vanishes from JSON.stringify and Object.keys), and
 * `table["constructor"]` is Object's constructor before anyone is added. A null-prototype object has
 * neither trap, and JSON.stringify writes it like any other object, so the tables that become grades.json
 * are made here; a table that came from elsewhere (JSON.parse, a literal) is read through `own`.
 */

/** An empty table whose every key, whatever it is, is an ordinary own property. */
export function idTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `table[id]` if the table has that key of its own (never something inherited from Object.prototype). */
export function own<T>(table: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(table, id) ? table[id] : undefined;
}
