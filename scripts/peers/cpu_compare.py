#!/usr/bin/python3
"""The tiny MLP step and the 784-256-256-10 MLP step in Gradus and PyTorch, in CPU time, alternating.

    /usr/bin/python3 scripts/peers/cpu_compare.py [--rounds N] [--seconds S]

On a machine shared with other jobs, wall-clock ratios (scripts/peers/compare.py) move by several times from run
to run, because each side waits for the scheduler for a different share of its run. This script times the same
loops as compare.py in CPU time of the thread that runs them, with one BLAS thread on both sides
(OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)), so that all of a step's work is on that thread, and it
alternates Gradus and PyTorch N times, keeping each side's best round. CPU time still grows with load (caches and
the other hyperthread are shared), so read the ratios, and prefer compare.py on an idle machine. Gradus runs
scripts/peers/StepCpuTime.java through ./gradus java. Needs python3-torch; the test suite never runs this.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")


def gradus(workload, seconds):
    out = subprocess.run([os.path.join(ROOT, "gradus"), "java", os.path.join(ROOT, "scripts", "peers", "StepCpuTime.java"),
                          workload, str(seconds)], check=True, capture_output=True, text=True, env=ENV).stdout
    rounds = [tuple(map(float, m)) for m in re.findall(r"round [12]: ([0-9.]+) us/step wall, ([0-9.]+) us/step cpu", out)]
    return min(rounds, key=lambda r: r[1])


def torch_loop(workload, seconds):
    import torch
    torch.set_num_threads(1)
    tiny = workload == "tiny"
    inputs, hidden, outputs, batch = (2, (16, 16), 1, 32) if tiny else (784, (256, 256), 10, 128)
    torch.manual_seed(0)
    layers, width = [], inputs
    for h in hidden:
        layers += [torch.nn.Linear(width, h), torch.nn.Tanh() if tiny else torch.nn.ReLU()]
        width = h
    layers.append(torch.nn.Linear(width, outputs))
    model = torch.nn.Sequential(*layers).double()
    opt = torch.optim.SGD(model.parameters(), lr=0.01) if tiny else torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss() if tiny else torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(1)
    xs = [torch.rand(batch, inputs, dtype=torch.float64, generator=gen) for _ in range(16)]
    ys = [torch.randn(batch, outputs, dtype=torch.float64, generator=gen) if tiny
          else torch.randint(outputs, (batch,), generator=gen) for _ in range(16)]
    best, step = None, 0
    for r in range(3):  # the first round warms up
        c0, t0, n = time.thread_time(), time.perf_counter(), 0
        while time.perf_counter() - t0 < seconds:
            opt.zero_grad()
            loss = loss_fn(model(xs[step % 16]), ys[step % 16])
            loss.backward()
            opt.step()
            loss.item()
            step, n = step + 1, n + 1
        res = ((time.perf_counter() - t0) / n * 1e6, (time.thread_time() - c0) / n * 1e6)
        if r > 0 and (best is None or res[1] < best[1]):
            best = res
    return best


def torch_side(workload, seconds):
    code = "import sys; sys.path.insert(0, %r); import cpu_compare as c; print(*c.torch_loop(%r, %r))" % (
        os.path.dirname(os.path.abspath(__file__)), workload, seconds)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=ENV).stdout
    return tuple(map(float, out.split()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=2, metavar="N", help="alternations (default 2)")
    ap.add_argument("--seconds", type=float, default=3, metavar="S", help="seconds per timed round (default 3)")
    args = ap.parse_args()
    best = {}
    for _ in range(max(1, args.rounds)):
        for w in ("tiny", "mlp"):
            for side, run in (("gradus", gradus), ("torch", torch_side)):
                r = run(w, args.seconds)
                if (side, w) not in best or r[1] < best[(side, w)][1]:
                    best[(side, w)] = r
    print("| workload (1 BLAS thread each) | Gradus cpu (wall) | PyTorch cpu (wall) | ratio in cpu time |")
    print("|---|---|---|---|")
    names = {"tiny": "tiny MLP 2-16-16-1 tanh, SGD, batch 32 (us/step)",
             "mlp": "MLP 784-256-256-10, Adam, batch 128 (us/step)"}
    for w in ("tiny", "mlp"):
        g, t = best[("gradus", w)], best[("torch", w)]
        print("| %s | %.1f (%.1f) | %.1f (%.1f) | %.2fx |" % (names[w], g[1], g[0], t[1], t[0], t[1] / g[1]))
    with open("/proc/loadavg") as f:
        print("load average at the end: " + " ".join(f.read().split()[:3]))


if __name__ == "__main__":
    sys.exit(main())
