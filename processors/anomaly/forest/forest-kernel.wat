;; The anomaly processor's forest walk on the complete-tree layout (complete-trees.ts explains the layout),
;; compiled by V8's WebAssembly compiler: the same loop in JavaScript took 1.3 times as long (1.6 for the walk
;; alone), mostly in the bounds checks of its typed-array loads (bench/RESULTS.md). forest-kernel.ts lays out
;; the memory and calls it; forest-kernel-wasm.ts holds this module assembled (npm run build:forest-kernel),
;; checked by a unit test.
;;
;; Memory (byte offsets set by `init`): the layout's nodes (i32, `stride` per tree, node i of tree t at
;; t * stride + i, each (threshold rank << shift) | feature), its leaf path lengths and leaf nodes (f64 and
;; i32, `stride` per tree, position i - stride for node number i), its threshold cuts (f64, `span` per
;; feature); for explanations, the model's per-node feature credits (f32) and path lengths (f64); after them,
;; the caller's batch: rows (f64), ranks (i32) and results.
(module
  (memory (export "memory") 1)
  (global $trees (mut i32) (i32.const 0))
  (global $depth (mut i32) (i32.const 0))
  (global $width (mut i32) (i32.const 0))
  (global $stride (mut i32) (i32.const 0))
  (global $shift (mut i32) (i32.const 0))
  (global $mask (mut i32) (i32.const 0))
  (global $span (mut i32) (i32.const 0))
  (global $nodes (mut i32) (i32.const 0))
  (global $leafValues (mut i32) (i32.const 0))
  (global $leafNodes (mut i32) (i32.const 0))
  (global $cuts (mut i32) (i32.const 0))
  (global $credits (mut i32) (i32.const 0))
  (global $creditStride (mut i32) (i32.const 0))
  (global $leafPaths (mut i32) (i32.const 0))

  (func (export "init")
    (param $trees i32) (param $depth i32) (param $width i32) (param $stride i32) (param $shift i32) (param $span i32)
    (param $nodes i32) (param $leafValues i32) (param $leafNodes i32) (param $cuts i32)
    (global.set $trees (local.get $trees))
    (global.set $depth (local.get $depth))
    (global.set $width (local.get $width))
    (global.set $stride (local.get $stride))
    (global.set $shift (local.get $shift))
    (global.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $shift)) (i32.const 1)))
    (global.set $span (local.get $span))
    (global.set $nodes (local.get $nodes))
    (global.set $leafValues (local.get $leafValues))
    (global.set $leafNodes (local.get $leafNodes))
    (global.set $cuts (local.get $cuts)))

  ;; The rank of `x` among its feature's cuts (starting at byte `first`), shifted to compare with nodes: the
  ;; number of cuts below it, by a binary search of fixed steps. "Not at most" puts NaN above every cut and so
  ;; sends it right, as the node walk does.
  (func $rankOf (param $x f64) (param $first i32) (result i32)
    (local $at i32) (local $step i32)
    (local.set $at (local.get $first))
    (local.set $step (i32.shl (global.get $span) (i32.const 2)))
    (block $searched
      (loop $search
        (br_if $searched (i32.lt_u (local.get $step) (i32.const 8)))
        (local.set $at (i32.add (local.get $at) (i32.and (local.get $step) (i32.sub (i32.const 0)
          (i32.eqz (f64.le (local.get $x) (f64.load (i32.sub (i32.add (local.get $at) (local.get $step)) (i32.const 8)))))))))
        (local.set $step (i32.shr_u (local.get $step) (i32.const 1)))
        (br $search)))
    (i32.shl
      (i32.add (i32.shr_u (i32.sub (local.get $at) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x) (f64.load (local.get $at)))))
      (global.get $shift)))

  ;; The ranks of `count` rows (`width` values each, at `rows`) into `ranks`. Eight rows' searches in the same
  ;; feature run side by side: each search is a chain of dependent loads (eight took 3 % less time than four).
  (func (export "rank") (param $rows i32) (param $count i32) (param $ranks i32)
    (local $f i32) (local $r i32) (local $k i32) (local $groups i32) (local $first i32) (local $step i32)
    (local $x0 f64) (local $x1 f64) (local $x2 f64) (local $x3 f64) (local $x4 f64) (local $x5 f64) (local $x6 f64) (local $x7 f64)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $c4 i32) (local $c5 i32) (local $c6 i32) (local $c7 i32)
    (local.set $groups (i32.sub (local.get $count) (i32.rem_u (local.get $count) (i32.const 8))))
    (block $featuresDone
      (loop $eachFeature
        (br_if $featuresDone (i32.ge_u (local.get $f) (global.get $width)))
        (local.set $first (i32.add (global.get $cuts) (i32.shl (i32.mul (local.get $f) (global.get $span)) (i32.const 3))))
        (local.set $r (i32.const 0))
        (block $groupsDone
          (loop $eachGroup
            (br_if $groupsDone (i32.ge_u (local.get $r) (local.get $groups)))
            ;; k: the index of row r's value of feature f
            (local.set $k (i32.add (i32.mul (local.get $r) (global.get $width)) (local.get $f)))
            (local.set $x0 (f64.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $x1 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 1))) (i32.const 3)))))
            (local.set $x2 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 2))) (i32.const 3)))))
            (local.set $x3 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 3))) (i32.const 3)))))
            (local.set $x4 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 4))) (i32.const 3)))))
            (local.set $x5 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 5))) (i32.const 3)))))
            (local.set $x6 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 6))) (i32.const 3)))))
            (local.set $x7 (f64.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 7))) (i32.const 3)))))
            (local.set $c0 (local.get $first)) (local.set $c1 (local.get $first)) (local.set $c2 (local.get $first)) (local.set $c3 (local.get $first)) (local.set $c4 (local.get $first)) (local.set $c5 (local.get $first)) (local.set $c6 (local.get $first)) (local.set $c7 (local.get $first))
            (local.set $step (i32.shl (global.get $span) (i32.const 2)))
            (block $searched
              (loop $search
                (br_if $searched (i32.lt_u (local.get $step) (i32.const 8)))
                (local.set $c0 (i32.add (local.get $c0) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x0) (f64.load (i32.sub (i32.add (local.get $c0) (local.get $step)) (i32.const 8)))))))))
                (local.set $c1 (i32.add (local.get $c1) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x1) (f64.load (i32.sub (i32.add (local.get $c1) (local.get $step)) (i32.const 8)))))))))
                (local.set $c2 (i32.add (local.get $c2) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x2) (f64.load (i32.sub (i32.add (local.get $c2) (local.get $step)) (i32.const 8)))))))))
                (local.set $c3 (i32.add (local.get $c3) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x3) (f64.load (i32.sub (i32.add (local.get $c3) (local.get $step)) (i32.const 8)))))))))
                (local.set $c4 (i32.add (local.get $c4) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x4) (f64.load (i32.sub (i32.add (local.get $c4) (local.get $step)) (i32.const 8)))))))))
                (local.set $c5 (i32.add (local.get $c5) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x5) (f64.load (i32.sub (i32.add (local.get $c5) (local.get $step)) (i32.const 8)))))))))
                (local.set $c6 (i32.add (local.get $c6) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x6) (f64.load (i32.sub (i32.add (local.get $c6) (local.get $step)) (i32.const 8)))))))))
                (local.set $c7 (i32.add (local.get $c7) (i32.and (local.get $step) (i32.sub (i32.const 0)
                  (i32.eqz (f64.le (local.get $x7) (f64.load (i32.sub (i32.add (local.get $c7) (local.get $step)) (i32.const 8)))))))))
                (local.set $step (i32.shr_u (local.get $step) (i32.const 1)))
                (br $search)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (local.get $k) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c0) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x0) (f64.load (local.get $c0))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 1))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c1) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x1) (f64.load (local.get $c1))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 2))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c2) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x2) (f64.load (local.get $c2))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 3))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c3) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x3) (f64.load (local.get $c3))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 4))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c4) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x4) (f64.load (local.get $c4))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 5))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c5) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x5) (f64.load (local.get $c5))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 6))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c6) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x6) (f64.load (local.get $c6))))) (global.get $shift)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (i32.add (local.get $k) (i32.mul (global.get $width) (i32.const 7))) (i32.const 2)))
              (i32.shl (i32.add (i32.shr_u (i32.sub (local.get $c7) (local.get $first)) (i32.const 3)) (i32.eqz (f64.le (local.get $x7) (f64.load (local.get $c7))))) (global.get $shift)))
            (local.set $r (i32.add (local.get $r) (i32.const 8)))
            (br $eachGroup)))
        (block $restDone
          (loop $eachRest
            (br_if $restDone (i32.ge_u (local.get $r) (local.get $count)))
            (local.set $k (i32.add (i32.mul (local.get $r) (global.get $width)) (local.get $f)))
            (i32.store (i32.add (local.get $ranks) (i32.shl (local.get $k) (i32.const 2)))
              (call $rankOf (f64.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 3)))) (local.get $first)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $eachRest)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $eachFeature))))

  ;; Walks the first `groups` ranked rows (a multiple of four) through every tree, four rows side by side so
  ;; that the CPU overlaps their loads; `sum` is 1 to add each reached path length to the row's f64 at `out`
  ;; (tree after tree, so the sums are the node walk's to the bit), 0 to store each reached leaf node as i32 at
  ;; `out` + 4 (t * count + r).
  (func (export "walkGroups") (param $ranks i32) (param $groups i32) (param $count i32) (param $out i32) (param $sum i32)
    (local $t i32) (local $r i32) (local $d i32) (local $nb i32) (local $leaf i32) (local $o i32) (local $rowBytes i32)
    (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $i3 i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local.set $rowBytes (i32.shl (global.get $width) (i32.const 2)))
    (block $treesDone
      (loop $eachTree
        (br_if $treesDone (i32.ge_u (local.get $t) (global.get $trees)))
        (local.set $nb (i32.add (global.get $nodes) (i32.shl (i32.mul (local.get $t) (global.get $stride)) (i32.const 2))))
        ;; position i - stride of tree t is element (t - 1) * stride + i
        (local.set $leaf (i32.mul (i32.sub (local.get $t) (i32.const 1)) (global.get $stride)))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $eachGroup
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $groups)))
            (local.set $b0 (i32.add (local.get $ranks) (i32.mul (local.get $r) (local.get $rowBytes))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $rowBytes)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $rowBytes)))
            (local.set $i0 (i32.const 1)) (local.set $i1 (i32.const 1)) (local.set $i2 (i32.const 1)) (local.set $i3 (i32.const 1))
            (local.set $d (global.get $depth))
            (block $walked
              (br_if $walked (i32.eqz (local.get $d)))
              (loop $step
          (local.set $n0 (i32.load (i32.add (local.get $nb) (i32.shl (local.get $i0) (i32.const 2)))))
          (local.set $n1 (i32.load (i32.add (local.get $nb) (i32.shl (local.get $i1) (i32.const 2)))))
          (local.set $n2 (i32.load (i32.add (local.get $nb) (i32.shl (local.get $i2) (i32.const 2)))))
          (local.set $n3 (i32.load (i32.add (local.get $nb) (i32.shl (local.get $i3) (i32.const 2)))))
          (local.set $i0 (i32.add (i32.shl (local.get $i0) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n0)
            (i32.load (i32.add (local.get $b0) (i32.shl (i32.and (local.get $n0) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
          (local.set $i1 (i32.add (i32.shl (local.get $i1) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n1)
            (i32.load (i32.add (local.get $b1) (i32.shl (i32.and (local.get $n1) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
          (local.set $i2 (i32.add (i32.shl (local.get $i2) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n2)
            (i32.load (i32.add (local.get $b2) (i32.shl (i32.and (local.get $n2) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
          (local.set $i3 (i32.add (i32.shl (local.get $i3) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n3)
            (i32.load (i32.add (local.get $b3) (i32.shl (i32.and (local.get $n3) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
                (local.set $d (i32.sub (local.get $d) (i32.const 1)))
                (br_if $step (local.get $d))))
            (if (local.get $sum)
              (then
                (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
                (f64.store offset=0 (local.get $o) (f64.add (f64.load offset=0 (local.get $o)) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i0)) (i32.const 3))))))
                (f64.store offset=8 (local.get $o) (f64.add (f64.load offset=8 (local.get $o)) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i1)) (i32.const 3))))))
                (f64.store offset=16 (local.get $o) (f64.add (f64.load offset=16 (local.get $o)) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i2)) (i32.const 3))))))
                (f64.store offset=24 (local.get $o) (f64.add (f64.load offset=24 (local.get $o)) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i3)) (i32.const 3)))))))
              (else
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $count)) (local.get $r)) (i32.const 2))))
                (i32.store offset=0 (local.get $o) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i0)) (i32.const 2)))))
                (i32.store offset=4 (local.get $o) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i1)) (i32.const 2)))))
                (i32.store offset=8 (local.get $o) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i2)) (i32.const 2)))))
                (i32.store offset=12 (local.get $o) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i3)) (i32.const 2)))))))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $eachGroup)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $eachTree))))

  ;; Walks ranked row `r` (of `count`) through every tree, four trees side by side (a lone row has no other rows
  ;; to overlap with); `sum` is 1 to return its path lengths summed in tree order, 0 to store each reached leaf
  ;; node as i32 at `out` + 4 (t * count + r) (and return 0).
  (func (export "walkRow") (param $ranks i32) (param $r i32) (param $count i32) (param $out i32) (param $sum i32) (result f64)
    (local $row i32) (local $t i32) (local $quads i32) (local $d i32) (local $total f64) (local $leaf i32) (local $treeBytes i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $i3 i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local.set $row (i32.add (local.get $ranks) (i32.shl (i32.mul (local.get $r) (global.get $width)) (i32.const 2))))
    (local.set $quads (i32.sub (global.get $trees) (i32.rem_u (global.get $trees) (i32.const 4))))
    (local.set $treeBytes (i32.shl (global.get $stride) (i32.const 2)))
    (block $quadsDone
      (loop $eachQuad
        (br_if $quadsDone (i32.ge_u (local.get $t) (local.get $quads)))
        (local.set $a0 (i32.add (global.get $nodes) (i32.mul (local.get $t) (local.get $treeBytes))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $treeBytes)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $treeBytes)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $treeBytes)))
        (local.set $i0 (i32.const 1)) (local.set $i1 (i32.const 1)) (local.set $i2 (i32.const 1)) (local.set $i3 (i32.const 1))
        (local.set $d (global.get $depth))
        (block $walked
          (br_if $walked (i32.eqz (local.get $d)))
          (loop $step
          (local.set $n0 (i32.load (i32.add (local.get $a0) (i32.shl (local.get $i0) (i32.const 2)))))
          (local.set $n1 (i32.load (i32.add (local.get $a1) (i32.shl (local.get $i1) (i32.const 2)))))
          (local.set $n2 (i32.load (i32.add (local.get $a2) (i32.shl (local.get $i2) (i32.const 2)))))
          (local.set $n3 (i32.load (i32.add (local.get $a3) (i32.shl (local.get $i3) (i32.const 2)))))
          (local.set $i0 (i32.add (i32.shl (local.get $i0) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n0)
            (i32.load (i32.add (local.get $row) (i32.shl (i32.and (local.get $n0) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
          (local.set $i1 (i32.add (i32.shl (local.get $i1) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n1)
            (i32.load (i32.add (local.get $row) (i32.shl (i32.and (local.get $n1) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
          (local.set $i2 (i32.add (i32.shl (local.get $i2) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n2)
            (i32.load (i32.add (local.get $row) (i32.shl (i32.and (local.get $n2) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
          (local.set $i3 (i32.add (i32.shl (local.get $i3) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n3)
            (i32.load (i32.add (local.get $row) (i32.shl (i32.and (local.get $n3) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
            (local.set $d (i32.sub (local.get $d) (i32.const 1)))
            (br_if $step (local.get $d))))
        ;; tree t + j's position i - stride is element (t + j - 1) * stride + i
        (local.set $leaf (i32.mul (i32.sub (local.get $t) (i32.const 1)) (global.get $stride)))
        (local.set $i1 (i32.add (local.get $i1) (global.get $stride)))
        (local.set $i2 (i32.add (local.get $i2) (i32.shl (global.get $stride) (i32.const 1))))
        (local.set $i3 (i32.add (local.get $i3) (i32.mul (global.get $stride) (i32.const 3))))
        (if (local.get $sum)
          (then
            (local.set $total (f64.add (local.get $total) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i0)) (i32.const 3))))))
            (local.set $total (f64.add (local.get $total) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i1)) (i32.const 3))))))
            (local.set $total (f64.add (local.get $total) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i2)) (i32.const 3))))))
            (local.set $total (f64.add (local.get $total) (f64.load (i32.add (global.get $leafValues) (i32.shl (i32.add (local.get $leaf) (local.get $i3)) (i32.const 3)))))))
          (else
            (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $t) (i32.const 0)) (local.get $count)) (local.get $r)) (i32.const 2))) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i0)) (i32.const 2)))))
            (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $t) (i32.const 1)) (local.get $count)) (local.get $r)) (i32.const 2))) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i1)) (i32.const 2)))))
            (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $t) (i32.const 2)) (local.get $count)) (local.get $r)) (i32.const 2))) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i2)) (i32.const 2)))))
            (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $t) (i32.const 3)) (local.get $count)) (local.get $r)) (i32.const 2))) (i32.load (i32.add (global.get $leafNodes) (i32.shl (i32.add (local.get $leaf) (local.get $i3)) (i32.const 2)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $eachQuad)))
    (block $treesDone
      (loop $eachTree
        (br_if $treesDone (i32.ge_u (local.get $t) (global.get $trees)))
        (local.set $a0 (i32.add (global.get $nodes) (i32.mul (local.get $t) (local.get $treeBytes))))
        (local.set $i0 (i32.const 1))
        (local.set $d (global.get $depth))
        (block $walked
          (br_if $walked (i32.eqz (local.get $d)))
          (loop $step
          (local.set $n0 (i32.load (i32.add (local.get $a0) (i32.shl (local.get $i0) (i32.const 2)))))
          (local.set $i0 (i32.add (i32.shl (local.get $i0) (i32.const 1)) (i32.shr_u (i32.sub (local.get $n0)
            (i32.load (i32.add (local.get $row) (i32.shl (i32.and (local.get $n0) (global.get $mask)) (i32.const 2))))) (i32.const 31))))
            (local.set $d (i32.sub (local.get $d) (i32.const 1)))
            (br_if $step (local.get $d))))
        (local.set $leaf (i32.add (i32.mul (i32.sub (local.get $t) (i32.const 1)) (global.get $stride)) (local.get $i0)))
        (if (local.get $sum)
          (then (local.set $total (f64.add (local.get $total) (f64.load (i32.add (global.get $leafValues) (i32.shl (local.get $leaf) (i32.const 3)))))))
          (else (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $count)) (local.get $r)) (i32.const 2)))
            (i32.load (i32.add (global.get $leafNodes) (i32.shl (local.get $leaf) (i32.const 2)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $eachTree)))
    (local.get $total))

  ;; Where explanations find, per node of the model, its features' credits (f32, `stride` per node, the
  ;; leaf-credits.ts table) and its path length (f64): set once the first explanation is asked for.
  (func (export "initCredits") (param $credits i32) (param $stride i32) (param $leafPaths i32)
    (global.set $credits (local.get $credits))
    (global.set $creditStride (local.get $stride))
    (global.set $leafPaths (local.get $leafPaths)))

  ;; For each of `count` rows whose leaves `reached` holds (i32 at 4 (t * count + r), from walkGroups and
  ;; walkRow): its path lengths summed over the trees in order (f64 at `out`), and each feature's credit summed
  ;; likewise (f64, `stride` per row, at `credit`), eight features at a time in locals rather than in memory.
  (func (export "credit") (param $reached i32) (param $count i32) (param $out i32) (param $credit i32)
    (local $r i32) (local $t i32) (local $chunk i32) (local $at i32) (local $p i32) (local $base i32) (local $columnBytes i32)
    (local $path f64) (local $c0 f64) (local $c1 f64) (local $c2 f64) (local $c3 f64) (local $c4 f64) (local $c5 f64) (local $c6 f64) (local $c7 f64)
    (local.set $columnBytes (i32.shl (local.get $count) (i32.const 2)))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $path (f64.const 0))
        (local.set $p (i32.add (local.get $reached) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $t (i32.const 0))
        (block $pathDone
          (loop $eachPath
            (br_if $pathDone (i32.ge_u (local.get $t) (global.get $trees)))
            (local.set $path (f64.add (local.get $path) (f64.load (i32.add (global.get $leafPaths) (i32.shl (i32.load (local.get $p)) (i32.const 3))))))
            (local.set $p (i32.add (local.get $p) (local.get $columnBytes)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $eachPath)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (local.get $path))
        (local.set $chunk (i32.const 0))
        (block $chunksDone
          (loop $eachChunk
            (br_if $chunksDone (i32.ge_u (local.get $chunk) (global.get $creditStride)))
            (local.set $c0 (f64.const 0)) (local.set $c1 (f64.const 0)) (local.set $c2 (f64.const 0)) (local.set $c3 (f64.const 0))
            (local.set $c4 (f64.const 0)) (local.set $c5 (f64.const 0)) (local.set $c6 (f64.const 0)) (local.set $c7 (f64.const 0))
            (local.set $p (i32.add (local.get $reached) (i32.shl (local.get $r) (i32.const 2))))
            (local.set $t (i32.const 0))
            (block $treesDone
              (loop $eachTree
                (br_if $treesDone (i32.ge_u (local.get $t) (global.get $trees)))
                (local.set $at (i32.add (global.get $credits)
                  (i32.shl (i32.add (i32.mul (i32.load (local.get $p)) (global.get $creditStride)) (local.get $chunk)) (i32.const 2))))
                (local.set $c0 (f64.add (local.get $c0) (f64.promote_f32 (f32.load offset=0 (local.get $at)))))
                (local.set $c1 (f64.add (local.get $c1) (f64.promote_f32 (f32.load offset=4 (local.get $at)))))
                (local.set $c2 (f64.add (local.get $c2) (f64.promote_f32 (f32.load offset=8 (local.get $at)))))
                (local.set $c3 (f64.add (local.get $c3) (f64.promote_f32 (f32.load offset=12 (local.get $at)))))
                (local.set $c4 (f64.add (local.get $c4) (f64.promote_f32 (f32.load offset=16 (local.get $at)))))
                (local.set $c5 (f64.add (local.get $c5) (f64.promote_f32 (f32.load offset=20 (local.get $at)))))
                (local.set $c6 (f64.add (local.get $c6) (f64.promote_f32 (f32.load offset=24 (local.get $at)))))
                (local.set $c7 (f64.add (local.get $c7) (f64.promote_f32 (f32.load offset=28 (local.get $at)))))
                (local.set $p (i32.add (local.get $p) (local.get $columnBytes)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $eachTree)))
            (local.set $base (i32.add (local.get $credit) (i32.shl (i32.add (i32.mul (local.get $r) (global.get $creditStride)) (local.get $chunk)) (i32.const 3))))
            (f64.store offset=0 (local.get $base) (local.get $c0))
            (f64.store offset=8 (local.get $base) (local.get $c1))
            (f64.store offset=16 (local.get $base) (local.get $c2))
            (f64.store offset=24 (local.get $base) (local.get $c3))
            (f64.store offset=32 (local.get $base) (local.get $c4))
            (f64.store offset=40 (local.get $base) (local.get $c5))
            (f64.store offset=48 (local.get $base) (local.get $c6))
            (f64.store offset=56 (local.get $base) (local.get $c7))
            (local.set $chunk (i32.add (local.get $chunk) (i32.const 8)))
            (br $eachChunk)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $eachRow))))
)
