#!/usr/bin/python3
"""PyTorch's side of the peer comparison in issue #9, float64 on the CPU, one thread count per run.

The three workloads time the same loops as Gradus's own benchmarks:

  adam  one Adam update (lr=1e-3) of 1e7 float64 parameters; the median of 20 steps after 3 warm-up steps,
        as `gradus bench optim --spec 'adam(lr=1e-3)' --params 10000000` does. PyTorch 1.13 has no fused
        CPU Adam; the faster of its two CPU implementations (foreach=False, foreach=True) is reported.
  mlp   a training step of a 784-256-256-10 ReLU MLP (PyTorch's default initialisation), cross-entropy, Adam
        (lr=1e-3), batch 128: zero_grad, forward, loss, backward, step, loss.item(); as `gradus bench mlp`.
  tiny  the same for a 2-16-16-1 tanh MLP under MSE with SGD (lr=0.01) and batch 32; as `gradus bench mlp
        --inputs 2 --hidden 16,16 --outputs 1 --activation tanh --loss mse --optimizer 'sgd(lr=0.01)'
        --batch-size 32`.

The training loops use sixteen batches made before timing (inputs uniform in [0, 1), labels uniform, MSE
targets standard normal), warm up for 2 s and time as many steps as take about 3 s at the warm-up rate.

Run with Debian's python3-torch (apt-get install python3-torch) and its interpreter, /usr/bin/python3:
    OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 scripts/peers/torch_bench.py --threads 2 --json
scripts/peers/compare.py runs this at every thread count next to Gradus and prints the ratios. Nothing in
the test suite runs it.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

BATCHES = 16
WARMUP_SECONDS = 2.0
TIMED_SECONDS = 3.0


def adam(params=10_000_000, steps=20, warmup=3):
    best = None
    for foreach in (False, True):
        gen = torch.Generator().manual_seed(0)
        p = torch.nn.Parameter(torch.randn(params, dtype=torch.float64, generator=gen))
        p.grad = torch.randn(params, dtype=torch.float64, generator=gen)
        opt = torch.optim.Adam([p], lr=1e-3, foreach=foreach)
        times = []
        for s in range(warmup + steps):
            t0 = time.perf_counter()
            opt.step()
            dt = time.perf_counter() - t0
            if s >= warmup:
                times.append(dt)
        ms = statistics.median(times) * 1e3
        if best is None or ms < best["ms_per_step"]:
            best = {"ms_per_step": ms, "best_ms_per_step": min(times) * 1e3, "foreach": foreach,
                    "params": params, "steps": steps}
    return best


def mlp_step_loop(inputs, hidden, outputs, activation, loss_name, make_opt, batch):
    torch.manual_seed(0)
    layers, width = [], inputs
    for h in hidden:
        layers += [torch.nn.Linear(width, h), activation()]
        width = h
    layers.append(torch.nn.Linear(width, outputs))
    model = torch.nn.Sequential(*layers).double()
    opt = make_opt(model.parameters())
    gen = torch.Generator().manual_seed(1)
    xs = [torch.rand(batch, inputs, dtype=torch.float64, generator=gen) for _ in range(BATCHES)]
    if loss_name == "cross_entropy":
        loss_fn = torch.nn.CrossEntropyLoss()
        ys = [torch.randint(outputs, (batch,), generator=gen) for _ in range(BATCHES)]
    else:
        loss_fn = torch.nn.MSELoss()
        ys = [torch.randn(batch, outputs, dtype=torch.float64, generator=gen) for _ in range(BATCHES)]
    total = 0.0

    def step(i):
        nonlocal total
        opt.zero_grad()
        loss = loss_fn(model(xs[i % BATCHES]), ys[i % BATCHES])
        loss.backward()
        opt.step()
        total += loss.item()

    # Warm-up: 2 s; the rate over its last quarter sets the timed steps, as in gradus bench mlp.
    w0 = time.perf_counter()
    warm, late, late_start = 0, -1, None
    now = w0
    while now - w0 < WARMUP_SECONDS or warm < 10:
        step(warm)
        warm += 1
        now = time.perf_counter()
        if now - w0 >= WARMUP_SECONDS * 0.75:
            late += 1
            if late == 0:
                late_start = now
    per_step = (now - late_start) / late if late > 0 else (now - w0) / warm
    steps = max(10, int(TIMED_SECONDS / per_step + 0.999))
    total = 0.0
    t0 = time.perf_counter()
    for i in range(steps):
        step(warm + i)
    seconds = time.perf_counter() - t0
    return {"steps": steps, "warmup_steps": warm, "seconds": seconds, "us_per_step": 1e6 * seconds / steps,
            "samples_per_second": steps * batch / seconds, "mean_loss": total / steps,
            "parameters": sum(p.numel() for p in model.parameters())}


def mlp():
    return mlp_step_loop(784, (256, 256), 10, torch.nn.ReLU, "cross_entropy",
                         lambda ps: torch.optim.Adam(ps, lr=1e-3), 128)


def tiny():
    return mlp_step_loop(2, (16, 16), 1, torch.nn.Tanh, "mse", lambda ps: torch.optim.SGD(ps, lr=0.01), 32)


WORKLOADS = {"adam": adam, "mlp": mlp, "tiny": tiny}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (set OPENBLAS_NUM_THREADS and "
                    "OMP_NUM_THREADS to the same number in the environment)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("workloads", nargs="*", metavar="WORKLOAD", help="adam, mlp, tiny (default: all)")
    args = ap.parse_args()
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        ap.error("unknown workload %s; expected adam, mlp or tiny" % ", ".join(unknown))
    args.workloads = args.workloads or list(WORKLOADS)
    torch.set_num_threads(args.threads)
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(),
              "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
              "blas": torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0]}
    for name in args.workloads:
        result[name] = WORKLOADS[name]()
        if not args.json:
            print(name, json.dumps(result[name]), flush=True)
    if args.json:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
