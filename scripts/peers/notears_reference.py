"""NOTEARS (linear, least squares) exactly as the authors' code: xunzheng/notears, notears/linear.py, with scipy's
L-BFGS-B. Produces the reference estimate that gradus-nn's NotearsTopoTest compares dev.gradus.nn.structure.Notears
with.

Usage: python3 notears_reference.py X.csv [lambda1]
X.csv: n rows of d comma-separated values (the test's data: RandomDag.erdosRenyi(10, 20) and LinearSem.sample(n=1000)
from RandomStream.of(11), written row by row). Prints the thresholded W, its least-squares score, h and rho.
"""
import sys

import numpy as np
import scipy.linalg as sla
import scipy.optimize as sopt


def notears_linear(X, lambda1, max_iter=100, h_tol=1e-8, rho_max=1e16, w_threshold=0.3):
    n, d = X.shape

    def _loss(W):
        R = X - X @ W
        return 0.5 / n * (R ** 2).sum(), -1.0 / n * X.T @ R

    def _h(W):
        E = sla.expm(W * W)
        return np.trace(E) - d, E.T * W * 2

    def _adj(w):
        return (w[:d * d] - w[d * d:]).reshape([d, d])

    def _func(w):
        W = _adj(w)
        loss, G_loss = _loss(W)
        h, G_h = _h(W)
        obj = loss + 0.5 * rho * h * h + alpha * h + lambda1 * w.sum()
        G_smooth = G_loss + (rho * h + alpha) * G_h
        return obj, np.concatenate((G_smooth + lambda1, -G_smooth + lambda1), axis=None)

    w_est, rho, alpha, h = np.zeros(2 * d * d), 1.0, 0.0, np.inf
    bnds = [(0, 0) if i == j else (0, None) for _ in range(2) for i in range(d) for j in range(d)]
    for _ in range(max_iter):
        w_new, h_new = None, None
        while rho < rho_max:
            sol = sopt.minimize(_func, w_est, method='L-BFGS-B', jac=True, bounds=bnds)
            w_new = sol.x
            h_new, _ = _h(_adj(w_new))
            if h_new > 0.25 * h:
                rho *= 10
            else:
                break
        w_est, h = w_new, h_new
        alpha += rho * h
        if h <= h_tol or rho >= rho_max:
            break
    W = _adj(w_est)
    W[np.abs(W) < w_threshold] = 0
    return W, h, rho


if __name__ == '__main__':
    X = np.loadtxt(sys.argv[1], delimiter=',')
    lam = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    W, h, rho = notears_linear(X, lam)
    for row in W:
        print('{' + ', '.join('%.6f' % v if v != 0 else '0' for v in row) + '},')
    print('score', 0.5 / X.shape[0] * ((X - X @ W) ** 2).sum(), 'h', h, 'rho', rho)
