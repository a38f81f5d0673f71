package dev.gradus.lab.experiments.theory;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.nn.objective.HessianAlignment;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Hessian-alignment estimators (Hemati, Zhang, Estiri, Wang, "Understanding Hessian Alignment for Domain
 * Generalization", ICCV 2023), checked on the digest's setting: a softmax linear head ({@code d = 8},
 * {@code K = 3}) over two domains, where the Hessian is known in closed form,
 * {@code H[(i,a),(j,b)] = (1/N) Σ_k x_ki x_kj p_ka (δ_ab − p_kb)}. The estimators are the library's
 * ({@link HessianAlignment}); the experiment forms the exact Hessian and measures them against it.
 *
 * <p>Claims (the digest's lab design): the HGP product by double backward equals the exact {@code H g} to
 * 1e-8 relative (control: the forward difference of the gradient that it replaces, step 1e-4); the Hutchinson
 * diagonal error falls like {@code 1/√S}, log-log slope in [−0.6, −0.4] over {@code S} = 10, 100, 1000 (control:
 * one probe reused {@code S} times, whose error cannot average down).
 */
public final class HessianAlign implements Experiment {

    private static final int D = 8;
    private static final int K = 3;
    private static final int[] PROBES = {10, 100, 1000};
    private static final int REPLICATES = 4;

    @Override
    public String id() {
        return "hessian-align";
    }

    @Override
    public String paper() {
        return "Understanding Hessian Alignment for Domain Generalization";
    }

    @Override
    public String reference() {
        return "S. Hemati, G. Zhang, A. Estiri, X. Chen, ICCV 2023";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2308.11778";
    }

    @Override
    public String claim() {
        return "Hessian-gradient products (HGP) compute the head's H g exactly without forming H, and Hutchinson's "
                + "diagonal estimate converges at the Monte Carlo rate 1/√S.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("ResNet/MLP heads on CMNIST, PACS, OfficeHome, with S = 150 Hutchinson probes",
                "a softmax linear head, d = 8, K = 3, two domains of 20 and 25 points; S = 10/100/1000 probes, "
                        + "4 probe sets each (full only adds seeds)",
                "the estimators' exactness and rate are properties of the head's Hessian, which is exact here; "
                        + "the head is what both penalties differentiate");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("hgp-exact", "HGP by double backward equals the exact Hessian-gradient product to "
                                + "1e-8 relative")
                        .test(s -> Criterion.atMost(s + ".relative_error", 1e-8))
                        .subject("hgp")
                        .control("finite_difference", "the forward difference (∇L(θ + εĝ) − ∇L(θ))·‖g‖/ε, "
                                + "ε = 1e-4, carries an O(ε) truncation error")
                        .build(),
                Claim.that("hutchinson-rate", "The Hutchinson diagonal error falls like 1/√S: log-log slope in "
                                + "[−0.6, −0.4] over S = 10, 100, 1000")
                        .test(s -> Criterion.between(s + ".slope", -0.6, -0.4))
                        .subject("hutchinson")
                        .control("one_probe", "one Rademacher probe reused S times carries no new randomness, "
                                + "so its error stays where it started")
                        .build());
    }

    record Domain(double[][] x, int[] labels) {
    }

    @Override
    public void trial(Trial t) {
        Domain d1 = domain(20, 0.0, t.random("domain-1"));
        Domain d2 = domain(25, 1.5, t.random("domain-2"));
        double[] w = new double[D * K];
        RandomStream wr = t.random("weights");
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.3 * wr.normal();
        }

        // HGP against H g, per domain, worst of the two.
        double hgpError = 0;
        double fdError = 0;
        for (Domain dom : List.of(d1, d2)) {
            double[] g = new double[D * K];
            double[][] h = exactHessian(dom, w, g);
            double[] hg = times(h, g);
            Var wv = Var.param(Tensor.of(w.clone(), D, K));
            double[] got = HessianAlignment.hessianGradientProduct(loss(dom, wv), List.of(wv)).value().data();
            hgpError = Math.max(hgpError, distance(got, hg) / norm(hg));
            double gNorm = norm(g);
            double eps = 1e-4;
            double[] shifted = w.clone();
            for (int i = 0; i < w.length; i++) {
                shifted[i] += eps * g[i] / gNorm;
            }
            Var sv = Var.param(Tensor.of(shifted, D, K));
            double[] gShifted = HessianAlignment.gradient(loss(dom, sv), List.of(sv)).value().data();
            double[] fd = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                fd[i] = (gShifted[i] - g[i]) * gNorm / eps;
            }
            fdError = Math.max(fdError, distance(fd, hg) / norm(hg));
        }
        t.metric("hgp.relative_error", hgpError);
        t.metric("finite_difference.relative_error", fdError);

        // Hutchinson diagonal against diag(H) on domain 1.
        double[][] h = exactHessian(d1, w, new double[D * K]);
        double[] diag = new double[D * K];
        for (int i = 0; i < diag.length; i++) {
            diag[i] = h[i][i];
        }
        Var wv = Var.param(Tensor.of(w.clone(), D, K));
        Var l1 = loss(d1, wv);
        double[] fresh = new double[PROBES.length];
        double[] reused = new double[PROBES.length];
        RandomStream probeRng = t.random("probes");
        int largest = PROBES[PROBES.length - 1];
        for (int r = 0; r < REPLICATES; r++) {
            t.progress("hutchinson probe set " + r, r / (double) REPLICATES);
            List<Tensor> probes = HessianAlignment.rademacherProbes(D * K, largest, probeRng);
            for (int s = 0; s < PROBES.length; s++) {
                double[] est = HessianAlignment.hutchinsonDiagonal(l1, List.of(wv), probes.subList(0, PROBES[s]))
                        .value().data();
                fresh[s] += distance(est, diag) / norm(diag) / REPLICATES;
                List<Tensor> same = new ArrayList<>(Collections.nCopies(PROBES[s], probes.get(0)));
                double[] one = HessianAlignment.hutchinsonDiagonal(l1, List.of(wv), same).value().data();
                reused[s] += distance(one, diag) / norm(diag) / REPLICATES;
            }
        }
        for (int s = 0; s < PROBES.length; s++) {
            t.metric("hutchinson.error_S" + PROBES[s], fresh[s]);
        }
        t.metric("hutchinson.slope", slope(fresh));
        t.metric("one_probe.slope", slope(reused));
        t.curve("hutchinson", fresh);
        t.curve("one_probe", reused);
    }

    private static double slope(double[] err) {
        int last = PROBES.length - 1;
        return (Math.log(err[last]) - Math.log(err[0])) / (Math.log(PROBES[last]) - Math.log(PROBES[0]));
    }

    /** Points with a class-dependent mean in feature {@code y}, and a domain shift in the last feature. */
    static Domain domain(int n, double shift, RandomStream rng) {
        double[][] x = new double[n][D];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            y[k] = rng.nextInt(K);
            for (int i = 0; i < D; i++) {
                x[k][i] = rng.normal() + (i == y[k] ? 1.0 : 0.0) + (i == D - 1 ? shift : 0.0);
            }
        }
        return new Domain(x, y);
    }

    static Var loss(Domain dom, Var w) {
        double[] flat = new double[dom.x().length * D];
        for (int k = 0; k < dom.x().length; k++) {
            System.arraycopy(dom.x()[k], 0, flat, k * D, D);
        }
        return Losses.softmaxCrossEntropy(Var.constant(Tensor.of(flat, dom.x().length, D)).matmul(w), dom.labels());
    }

    /** The exact gradient (into {@code gradOut}, index {@code i·K + a}) and Hessian of the mean cross-entropy. */
    static double[][] exactHessian(Domain dom, double[] w, double[] gradOut) {
        int n = dom.x().length;
        int m = D * K;
        double[][] h = new double[m][m];
        java.util.Arrays.fill(gradOut, 0.0);
        double[] p = new double[K];
        for (int k = 0; k < n; k++) {
            double[] x = dom.x()[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < K; a++) {
                p[a] = 0;
                for (int i = 0; i < D; i++) {
                    p[a] += x[i] * w[i * K + a];
                }
                max = Math.max(max, p[a]);
            }
            double sum = 0;
            for (int a = 0; a < K; a++) {
                p[a] = Math.exp(p[a] - max);
                sum += p[a];
            }
            for (int a = 0; a < K; a++) {
                p[a] /= sum;
            }
            for (int i = 0; i < D; i++) {
                for (int a = 0; a < K; a++) {
                    gradOut[i * K + a] += x[i] * (p[a] - (dom.labels()[k] == a ? 1 : 0)) / n;
                    for (int j = 0; j < D; j++) {
                        for (int b = 0; b < K; b++) {
                            h[i * K + a][j * K + b] += x[i] * x[j] * p[a] * ((a == b ? 1 : 0) - p[b]) / n;
                        }
                    }
                }
            }
        }
        return h;
    }

    private static double[] times(double[][] h, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += h[i][j] * v[j];
            }
        }
        return out;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static double norm(double[] a) {
        return distance(a, new double[a.length]);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Softmax linear head, d = 8, K = 3, two domains (20 and 25 points, the second shifted in its "
                + "last feature), weights 0.3·N(0,1); exact Hessian in closed form. Hutchinson errors are mean "
                + "relative ℓ2 errors of the diagonal over 4 probe sets per S.");
        report.keyMetric("hgp_relative_error_median", seeds.median("hgp.relative_error"));
        report.keyMetric("hutchinson_slope_median", seeds.median("hutchinson.slope"));
        report.note(String.format("Median over seeds: HGP relative error %.2g [digest 1e-10]; forward difference "
                        + "%.2g. Hutchinson error at S = 10/100/1000: %.3g / %.3g / %.3g [digest 0.17 / 0.065 / "
                        + "0.024], slope %.3f.",
                seeds.median("hgp.relative_error"), seeds.median("finite_difference.relative_error"),
                seeds.median("hutchinson.error_S10"), seeds.median("hutchinson.error_S100"),
                seeds.median("hutchinson.error_S1000"), seeds.median("hutchinson.slope")));
        double[] s = {PROBES[0], PROBES[1], PROBES[2]};
        report.plot("hutchinson", dev.gradus.plot.XYPlot.titled("Hutchinson diagonal error (median over seeds)")
                .xLabel("probes S").yLabel("relative error").logX().logY()
                .line("fresh probes", s, seeds.medianCurve("hutchinson"))
                .line("one probe reused", s, seeds.medianCurve("one_probe")));
    }
}
