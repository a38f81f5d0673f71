package dev.gradus.lab.experiments.ode;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.ode.nlls.HardConstraintMixture;
import dev.gradus.ode.nlls.LevenbergMarquardt;
import dev.gradus.ode.nlls.Linearization;
import dev.gradus.ode.nlls.Router;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;

/**
 * One seed's points and the three ways of training the shared {@link SorptionBasis} on {@link DiffusionSorption}:
 * <ul>
 *   <li>{@code moe}: {@link HardConstraintMixture} over {@link #EXPERTS} equal chunks of time; expert k enforces the
 *       PDE and the boundary values (and, for the first chunk, the initial values) at its own constraint points;</li>
 *   <li>{@code single}: the same constraint points, all in one solve ({@code K = 1});</li>
 *   <li>{@code soft}: a soft PINN, the coefficients trained with the network, the constraint points added to its
 *       loss points.</li>
 * </ul>
 * All three train the same initial network with Adam on the same loss: the mean squared PDE residual at the loss
 * points plus the mean squared initial/boundary error at the loss boundary points, plus for the mixture the mean
 * squared jump of u and 0.1 times that of u_tau across the experts' interfaces in time (the solves themselves do not
 * couple the experts).
 *
 * <p>Why time and not space: with chunks of x, every expert but the first has only homogeneous data (the PDE and
 * u(x, 0) = 0, or u(1, tau) = 0), which u = 0 meets exactly, so its solve returns omega = 0 whatever the basis and the
 * interface loss cannot move it. Chunks of time give every expert the boundary value u(0, tau) = 1.
 */
final class SorptionTask {
    static final int EXPERTS = 4;
    static final int HIDDEN = 16;
    static final int BASIS = 24;
    static final int PDE_PER_EXPERT = 56;
    static final int BOUNDARY_PER_EXPERT = 8;
    static final int LOSS_PDE = 128;
    static final int LOSS_BOUNDARY = 32;
    static final int INTERFACE_POINTS = 8;
    static final double LR = 5e-3;
    static final LevenbergMarquardt SOLVER = new LevenbergMarquardt(1e-3, 1e-10, 1e-12, 1e-28, 10);

    /** What one training run measured. */
    record Run(double error, double constraintRms, double secondsPerStep, double lmIterations, double[] lossCurve) {}

    /** Points with values: [p, 2] coordinates and targets (boundary points only). */
    record Points(Tensor xt, Tensor target) {}

    private final Points[] pde = new Points[EXPERTS];
    private final Points[] boundary = new Points[EXPERTS];
    private final Points lossPde;
    private final Points lossBoundary;
    private final Tensor interfaceXt;   // [EXPERTS - 1) * INTERFACE_POINTS, 2]
    private final int[] interfaceLeft;
    private final int[] interfaceRight;
    private final Router router = Router.chunks(1, 0, 1, EXPERTS);

    SorptionTask(RandomStream rng) {
        for (int k = 0; k < EXPERTS; k++) {
            double lo = (double) k / EXPERTS;
            double hi = (double) (k + 1) / EXPERTS;
            double[] p = new double[2 * PDE_PER_EXPERT];
            for (int i = 0; i < PDE_PER_EXPERT; i++) {
                p[2 * i] = rng.uniform(0, 1);
                p[2 * i + 1] = rng.uniform(lo, hi);
            }
            pde[k] = new Points(Tensor.of(p, PDE_PER_EXPERT, 2), Tensor.zeros(PDE_PER_EXPERT));
            double[] b = new double[2 * BOUNDARY_PER_EXPERT];
            double[] g = new double[BOUNDARY_PER_EXPERT];
            int initial = k == 0 ? BOUNDARY_PER_EXPERT / 2 : 0; // only the first time chunk sees u(x, 0) = 0
            for (int i = 0; i < BOUNDARY_PER_EXPERT; i++) {
                if (i < initial) {
                    b[2 * i] = rng.uniform(0, 1);
                    b[2 * i + 1] = 0;
                } else { // alternately the left (u = 1) and right (u = 0) boundary, at times in the chunk
                    boolean left = (i - initial) % 2 == 0;
                    b[2 * i] = left ? 0 : 1;
                    b[2 * i + 1] = rng.uniform(lo, hi);
                    g[i] = left ? 1 : 0;
                }
            }
            boundary[k] = new Points(Tensor.of(b, BOUNDARY_PER_EXPERT, 2), Tensor.of(g, BOUNDARY_PER_EXPERT));
        }
        double[] lp = new double[2 * LOSS_PDE];
        for (int i = 0; i < LOSS_PDE; i++) {
            lp[2 * i] = rng.uniform(0, 1);
            lp[2 * i + 1] = rng.uniform(0, 1);
        }
        lossPde = new Points(Tensor.of(lp, LOSS_PDE, 2), Tensor.zeros(LOSS_PDE));
        double[] lb = new double[2 * LOSS_BOUNDARY];
        double[] lg = new double[LOSS_BOUNDARY];
        for (int i = 0; i < LOSS_BOUNDARY; i++) {
            int side = i % 4; // half initial, a quarter each side
            if (side < 2) {
                lb[2 * i] = rng.uniform(0, 1);
                lb[2 * i + 1] = 0;
            } else {
                lb[2 * i] = side == 2 ? 0 : 1;
                lb[2 * i + 1] = rng.uniform(0, 1);
                lg[i] = side == 2 ? 1 : 0;
            }
        }
        lossBoundary = new Points(Tensor.of(lb, LOSS_BOUNDARY, 2), Tensor.of(lg, LOSS_BOUNDARY));
        int ni = (EXPERTS - 1) * INTERFACE_POINTS;
        double[] ip = new double[2 * ni];
        interfaceLeft = new int[ni];
        interfaceRight = new int[ni];
        for (int k = 1; k < EXPERTS; k++) {
            for (int i = 0; i < INTERFACE_POINTS; i++) {
                int q = (k - 1) * INTERFACE_POINTS + i;
                ip[2 * q] = rng.uniform(0, 1);
                ip[2 * q + 1] = (double) k / EXPERTS;
                interfaceLeft[q] = k - 1;
                interfaceRight[q] = k;
            }
        }
        interfaceXt = Tensor.of(ip, ni, 2);
    }

    /** Trains one method from the basis initialised by {@code initSeed} for {@code steps} Adam steps. */
    Run train(String method, long initSeed, int steps) {
        SorptionBasis basis = new SorptionBasis(HIDDEN, BASIS, RandomStream.of(initSeed));
        boolean soft = method.equals("soft");
        int experts = method.equals("moe") ? EXPERTS : 1;
        Points[] cp = constraintPoints(experts, pde);
        Points[] cb = constraintPoints(experts, boundary);
        HardConstraintMixture moe = soft ? null : new HardConstraintMixture(
                experts == 1 ? Router.chunks(1, 0, 1, 1) : router, BASIS, SOLVER, Linearization.GAUSS_NEWTON);
        Tensor omegaSoft = Tensor.zeros(BASIS);
        TensorMap params = new TensorMap();
        for (String name : basis.params.names()) {
            params.put(name, basis.params.get(name));
        }
        if (soft) {
            params.put("omega", omegaSoft);
        }
        GradientTransformation opt = Optimizers.adam().lr(LR);
        OptState state = opt.init(params);
        SorptionConstraint constraint = new SorptionConstraint();
        // loss points: for the soft PINN the constraint points are loss points too
        Points lp = soft ? concat(lossPde, concat(cp)) : lossPde;
        Points lb = soft ? concat(lossBoundary, concat(cb)) : lossBoundary;
        int[] lpRoute = experts == 1 ? new int[lp.xt().dim(0)] : route(lp.xt());
        int[] lbRoute = experts == 1 ? new int[lb.xt().dim(0)] : route(lb.xt());
        double[] curve = new double[steps];
        long start = System.nanoTime();
        long lmIterations = 0;
        for (int step = 0; step < steps; step++) {
            SorptionBasis.Leaves leaves = basis.leaves();
            Var[] omegas;
            if (soft) {
                omegas = new Var[] {Var.param(omegaSoft, "omega")};
            } else {
                omegas = moe.solve(constraint, thetas(leaves, cp, cb));
                for (int k = 0; k < experts; k++) {
                    lmIterations += moe.lastResult(k).iterations();
                }
            }
            Var loss = loss(leaves, omegas, lp, lpRoute, lb, lbRoute, experts > 1);
            curve[step] = loss.item();
            java.util.Map<String, Var> wrt = new java.util.LinkedHashMap<>(leaves.map());
            if (soft) {
                wrt.put("omega", omegas[0]);
            }
            TensorMap grads = Autodiff.grad(loss, wrt);
            opt.step(params, grads, state);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            SorptionBasis.Leaves leaves = basis.constants();
            Tensor[] omegas = new Tensor[experts];
            double rms;
            if (soft) {
                omegas[0] = omegaSoft;
                rms = constraintRms(constraint, leaves, cp, cb, omegas);
            } else {
                Var[] w = moe.solve(constraint, thetas(leaves, cp, cb));
                for (int k = 0; k < experts; k++) {
                    omegas[k] = w[k].value();
                }
                rms = constraintRms(constraint, leaves, cp, cb, omegas);
            }
            return new Run(error(leaves, omegas, experts), rms, seconds / steps,
                    soft ? 0 : lmIterations / (double) (steps * experts), curve);
        }
    }

    private int[] route(Tensor xt) {
        int p = xt.dim(0);
        int[] out = new int[p];
        double[] d = xt.data();
        for (int i = 0; i < p; i++) {
            out[i] = router.expertOf(new double[] {d[2 * i], d[2 * i + 1]});
        }
        return out;
    }

    /** The constraint points grouped into {@code experts} solves: per chunk, or all in one. */
    private static Points[] constraintPoints(int experts, Points[] perChunk) {
        if (experts == perChunk.length) {
            return perChunk;
        }
        return new Points[] {concat(perChunk)};
    }

    private static Points concat(Points... parts) {
        int rows = 0;
        for (Points p : parts) {
            rows += p.xt().dim(0);
        }
        double[] xt = new double[2 * rows];
        double[] g = new double[rows];
        int at = 0;
        for (Points p : parts) {
            int r = p.xt().dim(0);
            System.arraycopy(p.xt().data(), 0, xt, 2 * at, 2 * r);
            System.arraycopy(p.target().data(), 0, g, at, r);
            at += r;
        }
        return new Points(Tensor.of(xt, rows, 2), Tensor.of(g, rows));
    }

    private static List<List<Var>> thetas(SorptionBasis.Leaves leaves, Points[] cp, Points[] cb) {
        // one feature pass over all experts' points, then each expert's rows
        SorptionBasis.Features f = SorptionBasis.features(leaves, concat(cp).xt(), SorptionBasis.Need.PDE);
        SorptionBasis.Features fb = SorptionBasis.features(leaves, concat(cb).xt(), SorptionBasis.Need.VALUES);
        List<List<Var>> out = new ArrayList<>(cp.length);
        int atP = 0;
        int atB = 0;
        for (int k = 0; k < cp.length; k++) {
            int p = cp[k].xt().dim(0);
            int b = cb[k].xt().dim(0);
            out.add(List.of(f.b().narrow(0, atP, p), f.bt().narrow(0, atP, p), f.bxx().narrow(0, atP, p),
                    fb.b().narrow(0, atB, b), Var.constant(cb[k].target())));
            atP += p;
            atB += b;
        }
        return out;
    }

    private Var loss(SorptionBasis.Leaves leaves, Var[] omegas, Points lp, int[] lpRoute, Points lb, int[] lbRoute,
                     boolean interfaces) {
        SorptionBasis.Features f = SorptionBasis.features(leaves, lp.xt(), SorptionBasis.Need.PDE);
        Var u = HardConstraintMixture.predict(f.b(), lpRoute, omegas);
        Var ut = HardConstraintMixture.predict(f.bt(), lpRoute, omegas);
        Var uxx = HardConstraintMixture.predict(f.bxx(), lpRoute, omegas);
        Var pde = DiffusionSorption.pdeResidual(u, ut, uxx);
        SorptionBasis.Features fb = SorptionBasis.features(leaves, lb.xt(), SorptionBasis.Need.VALUES);
        Var bnd = HardConstraintMixture.predict(fb.b(), lbRoute, omegas).sub(Var.constant(lb.target()));
        Var loss = pde.square().mean().add(bnd.square().mean());
        if (interfaces) {
            SorptionBasis.Features fi = SorptionBasis.features(leaves, interfaceXt, SorptionBasis.Need.RATES);
            Var jump = HardConstraintMixture.predict(fi.b(), interfaceLeft, omegas)
                    .sub(HardConstraintMixture.predict(fi.b(), interfaceRight, omegas));
            Var rateJump = HardConstraintMixture.predict(fi.bt(), interfaceLeft, omegas)
                    .sub(HardConstraintMixture.predict(fi.bt(), interfaceRight, omegas));
            loss = loss.add(jump.square().mean()).add(rateJump.square().mean().mul(0.1));
        }
        return loss;
    }

    /** RMS of the PDE and boundary residuals (not the ridge rows) over all constraint points. */
    private static double constraintRms(SorptionConstraint c, SorptionBasis.Leaves leaves, Points[] cp, Points[] cb,
                                        Tensor[] omegas) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < cp.length; k++) {
            SorptionBasis.Features f = SorptionBasis.features(leaves, cp[k].xt(), SorptionBasis.Need.PDE);
            SorptionBasis.Features fb = SorptionBasis.features(leaves, cb[k].xt(), SorptionBasis.Need.VALUES);
            Tensor omega = omegas[cp.length == omegas.length ? k : 0];
            Tensor r = c.value(omega, List.of(f.b().value(), f.bt().value(), f.bxx().value(), fb.b().value(),
                    cb[k].target()));
            int rows = r.size() - omega.size();
            for (int i = 0; i < rows; i++) {
                sum += r.data()[i] * r.data()[i];
            }
            count += rows;
        }
        return Math.sqrt(sum / count);
    }

    /** Relative L2 error against the finite-difference reference on the evaluation grid. */
    private double error(SorptionBasis.Leaves leaves, Tensor[] omegas, int experts) {
        int g = DiffusionSorption.GRID;
        double[] xt = new double[2 * g * g];
        for (int j = 0; j < g; j++) {
            for (int i = 0; i < g; i++) {
                xt[2 * (j * g + i)] = i / (double) (g - 1);
                xt[2 * (j * g + i) + 1] = j / (double) (g - 1);
            }
        }
        Tensor pts = Tensor.of(xt, g * g, 2);
        int[] routes = experts == 1 ? new int[g * g] : route(pts);
        Var[] w = new Var[omegas.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = Var.constant(omegas[k]);
        }
        double[] u = HardConstraintMixture.predict(SorptionBasis.features(leaves, pts, SorptionBasis.Need.VALUES).b(), routes, w).value().data();
        double[][] ref = DiffusionSorption.reference();
        double num = 0;
        double den = 0;
        for (int j = 0; j < g; j++) {
            for (int i = 0; i < g; i++) {
                double d = u[j * g + i] - ref[j][i];
                num += d * d;
                den += ref[j][i] * ref[j][i];
            }
        }
        return Math.sqrt(num / den);
    }
}
