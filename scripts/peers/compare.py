#!/usr/bin/python3
"""Gradus against PyTorch in one run: the three workloads of issue #9, back to back, and their ratios.

    /usr/bin/python3 scripts/peers/compare.py [--with-jmh] [--json FILE]

Gradus runs through ./gradus at its defaults (the BLAS it selects, OpenBLAS's default thread count); PyTorch
runs scripts/peers/torch_bench.py once per thread count from 1 to the number of processors, with
OPENBLAS_NUM_THREADS and OMP_NUM_THREADS set to it, and the best count of each workload is reported. A ratio
above 1 means Gradus is faster. --with-jmh adds the tiny step measured by JMH (MlpStepBenchmark, which
updates the parameters by hand instead of through an optimizer). Needs python3-torch (Debian); the test suite
never runs this.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TORCH_BENCH = os.path.join(ROOT, "scripts", "peers", "torch_bench.py")
TINY = ["--inputs", "2", "--hidden", "16,16", "--outputs", "1", "--activation", "tanh", "--loss", "mse",
        "--optimizer", "sgd(lr=0.01)", "--batch-size", "32"]


def gradus(*args):
    out = subprocess.run([os.path.join(ROOT, "gradus"), *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def torch_at(threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, TORCH_BENCH, "--threads", str(threads), "--json"], check=True,
                         capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def jmh_tiny():
    out = subprocess.run([os.path.join(ROOT, "gradus"), "bench", "jmh", "MlpStep", "-f", "1", "-wi", "5", "-i", "5"],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"MlpStepBenchmark\.step\s+avgt\s+\d+\s+([0-9.]+)\s+±\s+([0-9.]+)\s+us/op", out)
    return {"us_per_step": float(m.group(1)), "error": float(m.group(2))} if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--with-jmh", action="store_true", help="also the JMH tiny-MLP step")
    ap.add_argument("--json", metavar="FILE", help="write every measurement to FILE")
    args = ap.parse_args()

    print("gradus: " + " | ".join(subprocess.run([os.path.join(ROOT, "gradus"), "--version"], check=True,
                                                   capture_output=True, text=True).stdout.splitlines()[:3]), flush=True)
    g = {"adam": gradus("bench", "optim", "--spec", "adam(lr=1e-3)", "--params", "10000000", "--json"),
         "mlp": gradus("bench", "mlp", "--json"),
         "tiny": gradus("bench", "mlp", *TINY, "--json")}
    if args.with_jmh:
        g["tiny_jmh"] = jmh_tiny()
    torch_runs = [torch_at(n) for n in range(1, (os.cpu_count() or 1) + 1)]
    print("torch %s (BLAS_INFO=%s), threads tried: %s" % (torch_runs[0]["torch"], torch_runs[0]["blas"],
                                                          [r["threads"] for r in torch_runs]), flush=True)

    def best(name, key, lower_is_better):
        pick = (min if lower_is_better else max)(torch_runs, key=lambda r: r[name][key])
        return pick[name][key], pick["threads"]

    rows = []
    t, n = best("adam", "ms_per_step", True)
    rows.append(("fused Adam step, 1e7 float64 parameters (ms/step)", g["adam"]["ms_per_step"], t, n, t / g["adam"]["ms_per_step"]))
    t, n = best("mlp", "samples_per_second", False)
    rows.append(("MLP 784-256-256-10, Adam, batch 128 (samples/s)", g["mlp"]["samples_per_second"], t, n,
                 g["mlp"]["samples_per_second"] / t))
    t, n = best("tiny", "us_per_step", True)
    rows.append(("tiny MLP 2-16-16-1 tanh, SGD, batch 32 (us/step)", g["tiny"]["us_per_step"], t, n,
                 t / g["tiny"]["us_per_step"]))
    if g.get("tiny_jmh"):
        rows.append(("tiny MLP step, JMH MlpStepBenchmark (us/step)", g["tiny_jmh"]["us_per_step"], t, n,
                     t / g["tiny_jmh"]["us_per_step"]))
    print("| workload | Gradus | PyTorch (best threads) | ratio |")
    print("|---|---|---|---|")
    for name, gv, tv, threads, ratio in rows:
        print("| %s | %s | %s (%d) | %.2fx |" % (name, fmt(gv), fmt(tv), threads, ratio))
    print("Gradus BLAS: %s; %d threads (%s)" % (g["mlp"]["blas"], g["mlp"]["blas_threads"],
                                               g["mlp"]["blas_threads_source"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"gradus": g, "torch": torch_runs}, f, indent=2)


def fmt(v):
    return "{:,.0f}".format(v) if v >= 1000 else "{:.3g}".format(v) if v < 10 else "{:.1f}".format(v)


if __name__ == "__main__":
    sys.exit(main())
