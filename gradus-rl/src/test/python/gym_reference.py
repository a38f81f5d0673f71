"""Reference trajectories for ClassicControlTrajectoryTest, computed by hand from Gym's classic_control equations.

Each function below restates one environment's step from gym/envs/classic_control (gym 0.26) in plain numpy float64,
with the same constants, integrator, clipping, rounding and termination rule. It prints, for a fixed start state and a
fixed action sequence, every state, reward and flag, as Java literals (repr() of a float64 round-trips exactly).
Run: python3 gym_reference.py
"""
import math
import numpy as np


def cartpole(state, actions):
    g, mc, mp, l, fmag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total, pml = mp + mc, mp * l
    x, xd, th, thd = state
    out = []
    for a in actions:
        f = fmag if a == 1 else -fmag
        c, s = math.cos(th), math.sin(th)
        temp = (f + pml * thd ** 2 * s) / total
        thacc = (g * s - c * temp) / (l * (4.0 / 3.0 - mp * c ** 2 / total))
        xacc = temp - pml * thacc * c / total
        x, xd, th, thd = x + tau * xd, xd + tau * xacc, th + tau * thd, thd + tau * thacc
        term = x < -2.4 or x > 2.4 or th < -12 * 2 * math.pi / 360 or th > 12 * 2 * math.pi / 360
        out.append(([x, xd, th, thd], 1.0, term))
    return out


def mountain_car(state, actions):
    p, v = state
    out = []
    for a in actions:
        v += (a - 1) * 0.001 + math.cos(3 * p) * (-0.0025)
        v = float(np.clip(v, -0.07, 0.07))
        p += v
        p = float(np.clip(p, -1.2, 0.6))
        if p == -1.2 and v < 0:
            v = 0.0
        out.append(([p, v], -1.0, p >= 0.5 and v >= 0))
    return out


def mountain_car_continuous(state, actions):
    p, v = state
    out = []
    for u in actions:
        f = min(max(u, -1.0), 1.0)
        v += f * 0.0015 - 0.0025 * math.cos(3 * p)
        v = min(max(v, -0.07), 0.07)
        p += v
        p = min(max(p, -1.2), 0.6)
        if p == -1.2 and v < 0:
            v = 0.0
        term = p >= 0.45 and v >= 0
        r = (100.0 if term else 0.0) - u ** 2 * 0.1
        p, v = float(np.float32(p)), float(np.float32(v))
        out.append(([p, v], r, term))
    return out


def pendulum(state, actions):
    th, thd = state
    out = []
    for u in actions:
        u = float(np.clip(u, -2.0, 2.0))
        n = ((th + np.pi) % (2 * np.pi)) - np.pi
        cost = n ** 2 + 0.1 * thd ** 2 + 0.001 * u ** 2
        nthd = thd + (3 * 10.0 / (2 * 1.0) * np.sin(th) + 3.0 / (1.0 * 1.0 ** 2) * u) * 0.05
        nthd = float(np.clip(nthd, -8, 8))
        th = float(th + nthd * 0.05)
        thd = nthd
        out.append(([th, thd], float(-cost), False))
    return out


def acrobot_dsdt(s, a):
    m1 = m2 = l1 = 1.0
    lc1 = lc2 = 0.5
    i1 = i2 = 1.0
    g = 9.8
    t1, t2, dt1, dt2 = s
    d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * math.cos(t2)) + i1 + i2
    d2 = m2 * (lc2 ** 2 + l1 * lc2 * math.cos(t2)) + i2
    phi2 = m2 * lc2 * g * math.cos(t1 + t2 - math.pi / 2.0)
    phi1 = (-m2 * l1 * lc2 * dt2 ** 2 * math.sin(t2) - 2 * m2 * l1 * lc2 * dt2 * dt1 * math.sin(t2)
            + (m1 * lc1 + m2 * l1) * g * math.cos(t1 - math.pi / 2) + phi2)
    ddt2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dt1 ** 2 * math.sin(t2) - phi2) / (m2 * lc2 ** 2 + i2 - d2 ** 2 / d1)
    ddt1 = -(d2 * ddt2 + phi1) / d1
    return np.array([dt1, dt2, ddt1, ddt2])


def wrap(x, m, big):
    diff = big - m
    while x > big:
        x = x - diff
    while x < m:
        x = x + diff
    return x


def acrobot(state, actions):
    s = np.array(state, dtype=np.float64)
    out = []
    dt = 0.2
    for a in actions:
        torque = [-1.0, 0.0, 1.0][a]
        k1 = acrobot_dsdt(s, torque)
        k2 = acrobot_dsdt(s + dt / 2 * k1, torque)
        k3 = acrobot_dsdt(s + dt / 2 * k2, torque)
        k4 = acrobot_dsdt(s + dt * k3, torque)
        s = s + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        s[0] = wrap(s[0], -math.pi, math.pi)
        s[1] = wrap(s[1], -math.pi, math.pi)
        s[2] = min(max(s[2], -4 * math.pi), 4 * math.pi)
        s[3] = min(max(s[3], -9 * math.pi), 9 * math.pi)
        term = bool(-math.cos(s[0]) - math.cos(s[1] + s[0]) > 1.0)
        out.append(([float(v) for v in s], 0.0 if term else -1.0, term))
    return out


def show(name, start, actions, traj):
    print(f"// {name}: start {start!r}, actions {actions!r}")
    print("double[][] states = {")
    for st, _, _ in traj:
        print("    {" + ", ".join(repr(float(v)) for v in st) + "},")
    print("};")
    print("double[] rewards = {" + ", ".join(repr(float(r)) for _, r, _ in traj) + "};")
    print("boolean[] terminated = {" + ", ".join("true" if t else "false" for _, _, t in traj) + "};")
    print()


if __name__ == "__main__":
    cp_start = [0.01, -0.02, 0.03, 0.04]
    cp_actions = [1, 0, 0, 1, 1, 1, 0, 1, 0, 0]
    show("cartpole", cp_start, cp_actions, cartpole(cp_start, cp_actions))
    # Pushing left under a pole leaning right: terminates when the angle passes 12 degrees.
    show("cartpole to termination", [0.0, 0.0, 0.15, 0.5], [0] * 6, cartpole([0.0, 0.0, 0.15, 0.5], [0] * 6))
    show("cartpole off the track", [2.39, 1.0, 0.0, 0.0], [1, 1], cartpole([2.39, 1.0, 0.0, 0.0], [1, 1]))
    mc_start = [-0.5, 0.0]
    mc_actions = [2, 2, 0, 1, 2, 0, 0, 2, 1, 2]
    show("mountain_car", mc_start, mc_actions, mountain_car(mc_start, mc_actions))
    show("mountain_car at the left wall", [-1.19, -0.02], [0, 0, 2], mountain_car([-1.19, -0.02], [0, 0, 2]))
    show("mountain_car to the goal", [0.49, 0.02], [2], mountain_car([0.49, 0.02], [2]))
    mcc_start = [-0.5, 0.0]
    mcc_actions = [1.0, 0.5, -0.3, 2.0, -1.5, 0.0]
    show("mountain_car_continuous", mcc_start, mcc_actions, mountain_car_continuous(mcc_start, mcc_actions))
    show("mountain_car_continuous to the goal", [0.44, 0.02], [0.5], mountain_car_continuous([0.44, 0.02], [0.5]))
    pe_start = [3.0, -0.5]
    pe_actions = [0.5, -2.5, 1.0, 2.0, -0.7, 0.0, 3.0]
    show("pendulum", pe_start, pe_actions, pendulum(pe_start, pe_actions))
    ac_start = [0.05, -0.03, 0.02, -0.01]
    ac_actions = [0, 2, 1, 2, 2, 0, 0, 2]
    show("acrobot", ac_start, ac_actions, acrobot(ac_start, ac_actions))
    # Upright-ish start: the tip is already above the bar after one step.
    show("acrobot to termination", [3.0, 0.1, 0.0, 0.0], [1], acrobot([3.0, 0.1, 0.0, 0.0], [1]))
