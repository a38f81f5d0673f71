import dev.gradus.autodiff.Hvp;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.convex.ActivationPatterns;
import dev.gradus.nn.convex.ConvexReluAdmm;
import dev.gradus.nn.convex.ConvexReluProgram;
import dev.gradus.nn.convex.ConvexReluSolution;
import dev.gradus.nn.convex.TwoLayerRelu;
import dev.gradus.nn.objective.DenoisingScoreMatching;
import dev.gradus.nn.objective.GaussianMixture;
import dev.gradus.nn.objective.HessianAlignment;
import dev.gradus.nn.objective.WideReluScoreNetwork;
import dev.gradus.optim.bcd.BcdProblem;
import dev.gradus.optim.bcd.BcdResult;
import dev.gradus.optim.bcd.BlockCoordinateDescent;
import dev.gradus.optim.bcd.BlockUpdate;
import dev.gradus.optim.bcd.SelectionRule;
import dev.gradus.optim.bcd.SparseDesignMatrix;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/** The README's tour of the theory solvers: ./gradus java examples/TheoryTour.java */
public class TheoryTour {
    public static void main(String[] args) {
        blockCoordinateDescent();
        convexRelu();
        hessianAlignment();
        scoreMatching();
    }

    /** The digest's scaled-down Dataset A: least squares, A 300 x 1500 sparse, column scales 10 N(0,1). */
    static void blockCoordinateDescent() {
        int rows = 300;
        int cols = 1500;
        RandomStream rng = RandomStream.of(1);
        double keep = 10 * Math.log(rows) / rows;
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            scale[j] = 10 * rng.normal();
        }
        double[][] a = new double[rows][cols];
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < cols; j++) {
                double v = (rng.normal() + 1) * scale[j];
                a[k][j] = rng.bernoulli(keep) ? v : 0.0;
            }
        }
        double[] w = new double[cols];
        for (int j = 0; j < cols; j++) {
            w[j] = rng.bernoulli(0.1) ? rng.normal() : 0.0;
        }
        double[] y = new double[rows];
        for (int k = 0; k < rows; k++) {
            double s = rng.normal();
            for (int j = 0; j < cols; j++) {
                s += a[k][j] * w[j];
            }
            y[k] = s;
        }
        BcdProblem p = BcdProblem.leastSquares(SparseDesignMatrix.ofDense(a), y);
        double fStar = new BlockCoordinateDescent().rule(SelectionRule.GSL).update(BlockUpdate.NEWTON)
                .variableBlocks(true).blockSize(20).solve(p, 3000).finalObjective();
        System.out.printf("BCD on Dataset A (300x1500, Sort partition, blocks of 5): f(x0) - f* = %.3g%n",
                p.objective(new double[cols]) - fStar);
        System.out.println("rule        update  blocks    after 100  after 250  after 500");
        Object[][] runs = {
            {SelectionRule.CYCLIC, BlockUpdate.LIPSCHITZ, false}, {SelectionRule.RANDOM, BlockUpdate.LIPSCHITZ, false},
            {SelectionRule.LIPSCHITZ, BlockUpdate.LIPSCHITZ, false}, {SelectionRule.GS, BlockUpdate.LIPSCHITZ, false},
            {SelectionRule.GSD, BlockUpdate.LIPSCHITZ, false}, {SelectionRule.GSL, BlockUpdate.LIPSCHITZ, false},
            {SelectionRule.RANDOM, BlockUpdate.NEWTON, false}, {SelectionRule.GS, BlockUpdate.NEWTON, false},
            {SelectionRule.GSL, BlockUpdate.NEWTON, false}, {SelectionRule.GSQ, BlockUpdate.NEWTON, false},
            {SelectionRule.GS, BlockUpdate.LIPSCHITZ, true}, {SelectionRule.GSL, BlockUpdate.LIPSCHITZ, true},
            {SelectionRule.GSL, BlockUpdate.NEWTON, true},
        };
        for (Object[] r : runs) {
            BcdResult res = new BlockCoordinateDescent().rule((SelectionRule) r[0]).update((BlockUpdate) r[1])
                    .variableBlocks((Boolean) r[2]).seed(3).solve(p, 500);
            double[] f = res.objective();
            System.out.printf("%-10s  %-6s  %-8s  %9.3g  %9.3g  %9.3g%n", r[0], r[1] == BlockUpdate.NEWTON ? "Hb" : "Lb",
                    (Boolean) r[2] ? "variable" : "fixed", f[100] - fStar, f[250] - fStar, f[500] - fStar);
        }
    }

    /** The digest's check: n = 100, d = 4 + bias, labels from a 3-neuron teacher, beta 0.01, 60 patterns. */
    static void convexRelu() {
        RandomStream rng = RandomStream.of(0);
        int n = 100;
        int d = 5;
        double[][] x = new double[n][d];
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < 4; c++) {
                x[k][c] = rng.normal();
            }
            x[k][4] = 1;
        }
        double[][] tw = new double[3][d];
        double[] ta = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int c = 0; c < d; c++) {
                tw[j][c] = rng.normal();
            }
            ta[j] = rng.normal();
        }
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                double z = 0;
                for (int c = 0; c < d; c++) {
                    z += tw[j][c] * x[k][c];
                }
                s += ta[j] * Math.max(0, z);
            }
            y[k] = s >= 0 ? 1 : -1;
        }
        ActivationPatterns patterns = ActivationPatterns.sample(x, 60, RandomStream.of(1));
        ConvexReluProgram program = new ConvexReluProgram(x, y, 0.01, patterns);
        ConvexReluSolution sol = new ConvexReluAdmm().rho(0.1).solve(program, 2000);
        System.out.printf("%nConvex two-layer ReLU by ADMM (%s, beta 0.01, rho 0.1)%n", patterns);
        for (int it : new int[] {10, 50, 100, 500, 2000}) {
            System.out.printf("  iteration %4d: convex objective %.4f, constraint violation %.1e%n", it,
                    sol.objective()[it - 1], sol.violation()[it - 1]);
        }
        TwoLayerRelu net = sol.toNetwork();
        double[] f = net.predict(x);
        int correct = 0;
        for (int k = 0; k < n; k++) {
            correct += Math.signum(f[k]) == y[k] ? 1 : 0;
        }
        System.out.printf("  mapped ReLU network: width %d, objective %.4f, training accuracy %d%%%n", net.width(),
                net.objective(x, y, 0.01), correct);
    }

    /** HGP against central differences of the gradient, and Hutchinson's diagonal error (d = 8, K = 3). */
    static void hessianAlignment() {
        RandomStream rng = RandomStream.of(5);
        int n = 40;
        Tensor x = Tensor.randn(rng, n, 8);
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            labels[k] = rng.nextInt(3);
        }
        Tensor w0 = Tensor.randn(rng, 8, 3).mul(0.3);
        Var w = Var.param(w0.copy());
        Var loss = Losses.softmaxCrossEntropy(Var.constant(x).matmul(w), labels);
        double[] hgp = HessianAlignment.hessianGradientProduct(loss, List.of(w)).value().data();
        double[] g = HessianAlignment.gradient(loss, List.of(w)).value().data();
        // H g ≈ (∇L(w + εg) − ∇L(w − εg)) / 2ε
        double eps = 1e-5;
        double[] plus = gradientAt(x, labels, w0, g, eps);
        double[] minus = gradientAt(x, labels, w0, g, -eps);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < hgp.length; i++) {
            double fd = (plus[i] - minus[i]) / (2 * eps);
            diff += (hgp[i] - fd) * (hgp[i] - fd);
            norm += fd * fd;
        }
        System.out.printf("%nHessian alignment: |HGP - central-difference H g| / |H g| = %.1e%n", Math.sqrt(diff / norm));
        // The exact diagonal from 24 Hessian-vector products with unit vectors.
        Hvp hvp = Hvp.of(loss, List.of(w));
        double[] exact = new double[24];
        for (int i = 0; i < 24; i++) {
            Tensor e = Tensor.zeros(8, 3);
            e.data()[i] = 1;
            exact[i] = hvp.apply(List.of(e)).get(0).data()[i];
        }
        for (int s : new int[] {10, 100, 1000, 10000}) {
            double[] est = HessianAlignment.hutchinsonDiagonal(loss, List.of(w),
                    HessianAlignment.rademacherProbes(24, s, RandomStream.of(s))).value().data();
            double e = 0;
            double nn = 0;
            for (int i = 0; i < est.length; i++) {
                e += (est[i] - exact[i]) * (est[i] - exact[i]);
                nn += exact[i] * exact[i];
            }
            System.out.printf("  Hutchinson diagonal with S = %5d probes: relative error %.4f%n", s, Math.sqrt(e / nn));
        }
    }

    static double[] gradientAt(Tensor x, int[] labels, Tensor w0, double[] dir, double step) {
        Tensor w = w0.copy();
        for (int i = 0; i < dir.length; i++) {
            w.data()[i] += step * dir[i];
        }
        Var wv = Var.param(w);
        return HessianAlignment.gradient(Losses.softmaxCrossEntropy(Var.constant(x).matmul(wv), labels), List.of(wv))
                .value().data();
    }

    /** DSM on x0 ~ N(-2, 0.5^2)/2 + N(2, 0.5^2)/2 at sigma 0.5, a width-500 ReLU net, full-batch GD lr 0.5. */
    static void scoreMatching() {
        GaussianMixture mix = GaussianMixture.symmetric(2.0, 0.5);
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(0.5);
        DenoisingScoreMatching.Pairs train = dsm.pairs(Tensor.of(mix.sample(200, RandomStream.of(1)), 200, 1),
                RandomStream.of(2));
        Tensor fresh = dsm.pairs(Tensor.of(mix.sample(4000, RandomStream.of(3)), 4000, 1), RandomStream.of(4)).noisy();
        Sequential s = WideReluScoreNetwork.build(1, 500, RandomStream.of(5));
        System.out.printf("%nDenoising score matching (n = 200, width 500): label-noise floor on the training pairs"
                + " %.3f%n", dsm.noiseFloor(train, mix));
        for (int it = 0; it <= 1000; it++) {
            if (it == 0 || it == 100 || it == 300 || it == 1000) {
                System.out.printf("  GD iteration %4d: training DSM loss %.3f, true-score MSE on fresh x_t %.3f%n", it,
                        dsm.loss(s, train).item(), dsm.scoreError(s, fresh, mix));
            }
            if (it == 1000) {
                break;
            }
            TensorMap grad = s.gradients(dsm.loss(s, train));
            TensorMap params = s.namedParameters();
            for (String name : params.names()) {
                double[] p = params.get(name).data();
                double[] gd = grad.get(name).data();
                for (int i = 0; i < p.length; i++) {
                    p[i] -= 0.5 * gd[i];
                }
            }
        }
    }
}
