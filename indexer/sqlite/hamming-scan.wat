;; Coarse stage of the quantised similar search (indexer/sqlite/hamming-index.ts): the Hamming
;; distance of every stored sign-bit code to one query code, with WebAssembly SIMD (i8x16.popcnt).
;; Source of indexer/sqlite/hamming-scan-wasm.ts, which `node --import tsx scripts/hamming-wasm.ts`
;; regenerates (test/indexer/hamming-scan.test.ts checks that the two agree).
;;
;; scan(codes, n, blocks, query, out): codes are n codes of `blocks` 16-byte blocks each, packed from
;; byte offset `codes`; the query is `blocks` blocks at `query`; the distance of code i (at most
;; 128 x blocks, which fits 16 bits up to blocks = 511) is stored as u16 at out + 2i.
;; Per block: xor, popcount per byte (<= 8), pairwise add into u16 lanes; per code: a horizontal sum.
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $codes i32) (param $n i32) (param $blocks i32) (param $query i32) (param $out i32)
    (local $end i32) (local $qend i32) (local $p i32) (local $qp i32) (local $acc v128) (local $s v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 1))))
    (local.set $qend (i32.add (local.get $query) (i32.shl (local.get $blocks) (i32.const 4))))
    (local.set $p (local.get $codes))
    (block $done
      (loop $each_code
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $qp (local.get $query))
        (loop $each_block
          (local.set $acc (i16x8.add (local.get $acc)
            (i16x8.extadd_pairwise_i8x16_u (i8x16.popcnt (v128.xor (v128.load (local.get $p)) (v128.load (local.get $qp)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 16)))
          (br_if $each_block (i32.lt_u (local.get $qp) (local.get $qend))))
        (local.set $s (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
        (i32.store16 (local.get $out)
          (i32.add (i32.add (i32x4.extract_lane 0 (local.get $s)) (i32x4.extract_lane 1 (local.get $s)))
                   (i32.add (i32x4.extract_lane 2 (local.get $s)) (i32x4.extract_lane 3 (local.get $s)))))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (br $each_code)))))
