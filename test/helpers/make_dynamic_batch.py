"""Rewrites an ONNX model so its first input and outputs have a symbolic batch dimension.

Used by the tests to exercise batched detection (N > 1) on a real detector: the fixture YOLOX-nano
export has a fixed batch of 1 but its graph is batch-agnostic. Usage: make_dynamic_batch.py IN OUT
"""
import sys

import onnx

model = onnx.load(sys.argv[1])
model.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
for output in model.graph.output:
    output.type.tensor_type.shape.dim[0].dim_param = "batch"
del model.graph.value_info[:]  # stale fixed-batch shapes; onnxruntime re-infers them
onnx.save(model, sys.argv[2])
