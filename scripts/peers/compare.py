#!/usr/bin/python3
"""Gradus against PyTorch in one run: the three workloads of issue #9, back to back, and their ratios.

    /usr/bin/python3 scripts/peers/compare.py [--repeat N] [--with-jmh] [--json FILE]

Gradus runs through ./gradus with the BLAS it selects; its MLP runs once per OpenBLAS thread count from 1 to
the number of processors. PyTorch runs scripts/peers/torch_bench.py once per thread count, with
OPENBLAS_NUM_THREADS and OMP_NUM_THREADS set to it. Each side reports its best count for each workload. A ratio
above 1 means Gradus is faster. With --repeat N the whole set runs N times, Gradus and PyTorch alternating, and
each side keeps its best figure: on a machine shared with other work, interference only ever slows a run. --with-jmh adds the tiny step measured by JMH (MlpStepBenchmark, which
updates the parameters by hand instead of through an optimizer). Each round also times the Adam step's memory
limit: scripts/peers/adam_limit.c, the same update as one fused C loop (gcc -O3 -march=native -fno-math-errno
-fopenmp; without -fno-math-errno GCC keeps sqrt scalar and the loop is compute-bound), at every thread count.
Needs python3-torch (Debian) and gcc; the test suite never runs this.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TORCH_BENCH = os.path.join(ROOT, "scripts", "peers", "torch_bench.py")
TINY = ["--inputs", "2", "--hidden", "16,16", "--outputs", "1", "--activation", "tanh", "--loss", "mse",
        "--optimizer", "sgd(lr=0.01)", "--batch-size", "32"]


def gradus(*args, threads=None):
    env = dict(os.environ) if threads is None else dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    out = subprocess.run([os.path.join(ROOT, "gradus"), *args], check=True, capture_output=True, text=True,
                         env=env).stdout
    return json.loads(out)


def torch_at(threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, TORCH_BENCH, "--threads", str(threads), "--json"], check=True,
                         capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def adam_limit_binary():
    """Compiles adam_limit.c once; None (and a note) when there is no C compiler."""
    out = os.path.join(tempfile.mkdtemp(prefix="gradus-adam-limit-"), "adam_limit")
    src = os.path.join(ROOT, "scripts", "peers", "adam_limit.c")
    try:
        subprocess.run(["gcc", "-O3", "-march=native", "-fno-math-errno", "-fopenmp", src, "-o", out, "-lm"],
                       check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("no C Adam limit: %s" % e, file=sys.stderr)
        return None
    return out


def adam_limit_at(binary, threads):
    out = subprocess.run([binary], check=True, capture_output=True, text=True,
                         env=dict(os.environ, OMP_NUM_THREADS=str(threads))).stdout
    return {"threads": threads, "ms_per_step": float(re.search(r"median ([0-9.]+) ms", out).group(1))}


def jmh_tiny():
    # Another JMH run on the machine holds JMH's lock; it disturbs the timing either way, as any other load does.
    env = dict(os.environ, GRADUS_JAVA_OPTS="-Djmh.ignoreLock=true")
    r = subprocess.run([os.path.join(ROOT, "gradus"), "bench", "jmh", "MlpStep", "-f", "1", "-wi", "5", "-i", "5"],
                       capture_output=True, text=True, env=env)
    m = re.search(r"MlpStepBenchmark\.step\s+avgt\s+\d+\s+([0-9.]+)\s+±\s+([0-9.]+)\s+us/op", r.stdout)
    if r.returncode != 0 or not m:
        print("JMH MlpStep failed: " + (r.stderr or r.stdout).strip().splitlines()[0], file=sys.stderr)
        return None
    return {"us_per_step": float(m.group(1)), "error": float(m.group(2))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--with-jmh", action="store_true", help="also the JMH tiny-MLP step")
    ap.add_argument("--repeat", type=int, default=1, metavar="N", help="run everything N times, keep each side's best")
    ap.add_argument("--json", metavar="FILE", help="write every measurement to FILE")
    args = ap.parse_args()

    print("gradus: " + " | ".join(subprocess.run([os.path.join(ROOT, "gradus"), "--version"], check=True,
                                                   capture_output=True, text=True).stdout.splitlines()[:3]), flush=True)
    rounds = []
    limit_binary = adam_limit_binary()
    for _ in range(max(1, args.repeat)):
        cores = os.cpu_count() or 1
        # The MLP's products go to OpenBLAS: like PyTorch, it runs at every thread count and keeps its best.
        mlps = [gradus("bench", "mlp", "--json", threads=n) for n in range(1, cores + 1)]
        g = {"adam": gradus("bench", "optim", "--spec", "adam(lr=1e-3)", "--params", "10000000", "--json"),
             "mlp": max(mlps, key=lambda r: r["samples_per_second"]),
             "tiny": gradus("bench", "mlp", *TINY, "--json")}
        if args.with_jmh:
            g["tiny_jmh"] = jmh_tiny()
        limits = [adam_limit_at(limit_binary, n) for n in range(1, cores + 1)] if limit_binary else []
        rounds.append({"gradus": g, "torch": [torch_at(n) for n in range(1, cores + 1)], "adam_limit": limits})
    torch_runs = [t for r in rounds for t in r["torch"]]
    print("torch %s (BLAS_INFO=%s), threads tried: %s, rounds: %d" % (
        torch_runs[0]["torch"], torch_runs[0]["blas"], sorted({r["threads"] for r in torch_runs}), len(rounds)),
        flush=True)

    def gbest(name, key, lower_is_better):
        vals = [r["gradus"][name][key] for r in rounds if r["gradus"].get(name)]
        return (min if lower_is_better else max)(vals)

    def best(name, key, lower_is_better):
        pick = (min if lower_is_better else max)(torch_runs, key=lambda r: r[name][key])
        return pick[name][key], pick["threads"]

    rows = []
    ga = gbest("adam", "ms_per_step", True)
    t, n = best("adam", "ms_per_step", True)
    rows.append(("fused Adam step, 1e7 float64 parameters (ms/step)", ga, t, n, t / ga))
    gm = gbest("mlp", "samples_per_second", False)
    gm_threads = [r["gradus"]["mlp"]["blas_threads"] for r in rounds
                  if r["gradus"]["mlp"]["samples_per_second"] == gm][0]
    t, n = best("mlp", "samples_per_second", False)
    rows.append(("MLP 784-256-256-10, Adam, batch 128 (samples/s; Gradus with %d BLAS thread%s)"
                 % (gm_threads, "" if gm_threads == 1 else "s"), gm, t, n, gm / t))
    gt = gbest("tiny", "us_per_step", True)
    t, n = best("tiny", "us_per_step", True)
    rows.append(("tiny MLP 2-16-16-1 tanh, SGD, batch 32 (us/step)", gt, t, n, t / gt))
    if args.with_jmh and any(r["gradus"].get("tiny_jmh") for r in rounds):
        gj = gbest("tiny_jmh", "us_per_step", True)
        rows.append(("tiny MLP step, JMH MlpStepBenchmark (us/step)", gj, t, n, t / gj))
    g = rounds[-1]["gradus"]
    print("| workload | Gradus | PyTorch (best threads) | ratio |")
    print("|---|---|---|---|")
    for name, gv, tv, threads, ratio in rows:
        print("| %s | %s | %s (%d) | %.2fx |" % (name, fmt(gv), fmt(tv), threads, ratio))
    print("Gradus BLAS: %s" % g["mlp"]["blas"])
    limits = [x for r in rounds for x in r["adam_limit"]]
    if limits:
        lim = min(limits, key=lambda x: x["ms_per_step"])
        ta, _ = best("adam", "ms_per_step", True)
        print("Adam's memory limit, one fused C loop: %.1f ms/step (%d thread%s). Gradus's step runs at %.2fx the C "
              "loop's speed; PyTorch's time over the C loop's, %.2fx, is the most any implementation gets here."
              % (lim["ms_per_step"], lim["threads"], "" if lim["threads"] == 1 else "s", lim["ms_per_step"] / ga,
                 ta / lim["ms_per_step"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rounds, f, indent=2)


def fmt(v):
    return "{:,.0f}".format(v) if v >= 1000 else "{:.3g}".format(v) if v < 10 else "{:.1f}".format(v)


if __name__ == "__main__":
    sys.exit(main())
