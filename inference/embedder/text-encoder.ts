// Text queries (design, not implemented yet): a CLIP-style text tower maps a query ("red pickup
// truck") into the same vector space as its paired image tower, so a store searched with image
// vectors can also be searched with words. No fixture model has a text tower, so only the
// contract lives here.

/**
 * Encodes text into the vector space of one image embedder. Implementations must return unit
 * vectors of `dimension` (the paired image model's), one per text, in order, and must refuse
 * (E_CONFIG_INVALID) to pair with an image model they were not trained with: vectors of
 * unrelated towers have the same length but no shared meaning.
 */
export interface TextEncoder {
  /** Name of this text model (a manifest name or a path). */
  readonly model: string;
  /** The image model whose vector space this encoder writes into. */
  readonly imageModel: string;
  readonly dimension: number;
  /** Unit-length vectors, one per text. Long texts are truncated to the model's context length. */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /** Releases the session. Idempotent. */
  close(): Promise<void>;
}
