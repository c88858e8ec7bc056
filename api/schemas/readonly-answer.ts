// The ports hand out readonly data (readonly arrays, frozen configs) while TypeBox's Static types
// are mutable; this lets a port's value be a route's answer with its shape still checked.
export type DeepReadonly<T> = T extends ReadonlyArray<infer U>
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** `value` typed as the route's answer type `T`; the compiler checks it against the readonly form of `T`. */
export function readonlyAnswer<T>(value: DeepReadonly<T>): T {
  return value as T;
}
