package dev.gradus.lab.experiments.privacy;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.SeriesTable;
import dev.gradus.lab.Trial;
import dev.gradus.plot.XYPlot;
import dev.gradus.privacy.accounting.AnalyticGaussian;
import dev.gradus.privacy.accounting.Conversion;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.PrvAccountant;
import dev.gradus.privacy.accounting.PrvBound;
import dev.gradus.privacy.accounting.RdpAccountant;
import java.util.List;
import java.util.Locale;

/**
 * The RDP accountant of the sampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019) against reference values
 * from Opacus' formulas, with both conversions, and the PRV accountant (Gopi, Lee &amp; Wutschitz 2021) against it:
 * the ε-vs-epochs curves of DP-SGD on MNIST-sized data by both accountants, PRV's proven ε never above RDP's, and
 * PRV exact (within its error bound) on the Gaussian mechanism, whose ε is known in closed form.
 */
public final class AccountantCurves implements Experiment {
    /** q, σ, steps, δ, ε improved, ε classic: the reference table (numpy ports of Opacus' rdp.py). */
    static final double[][] TABLE = {
        {256.0 / 60000, 1.1, 14062, 1e-5, 2.5965558689607486, 3.008272082524604},
        {250.0 / 60000, 1.3, 3600, 1e-5, 0.9422002181627518, 1.1799006739827},
        {0.01, 1.0, 1000, 1e-5, 2.1013652716430564, 2.537982880184644},
        {0.01, 4.0, 10000, 1e-5, 1.0354900660362476, 1.2585747412527164},
        {0.001, 0.8, 50000, 1e-6, 2.4074682890738974, 2.8467464302484924},
        {1.0, 10, 100, 1e-5, 4.728507067217624, 5.298526138535465},
    };

    /** σ, steps of the Gaussian mechanism (q = 1) whose exact ε (Balle &amp; Wang 2018) is known. */
    static final double[][] GAUSSIAN = {{1, 1}, {2, 10}, {5, 50}, {10, 100}};
    /** ε allowed between PRV and the exact value: twice Opacus' default ε error of 0.01. */
    static final double GAUSSIAN_TOLERANCE = 0.02;
    static final double[] SIGMAS = {0.8, 1.1, 1.3};
    static final double Q = 256.0 / 60000;

    /** The experiment ServiceLoader creates. */
    public AccountantCurves() {}

    @Override
    public String id() {
        return "accountant-curves";
    }

    @Override
    public String paper() {
        return "Rényi Differential Privacy of the Sampled Gaussian Mechanism";
    }

    @Override
    public String reference() {
        return "I. Mironov, K. Talwar, L. Zhang, 2019; conversion of Balle et al., AISTATS 2020";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/1908.10530";
    }

    @Override
    public String claim() {
        return "The RDP accountant gives Opacus' epsilon (improved conversion) and TF-Privacy's (classic) to 1e-6; the PRV"
                + " accountant's proven epsilon is never above RDP's and is exact on the Gaussian mechanism.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.deterministic("the accountant is a deterministic computation");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("the analysis; Opacus and TF-Privacy tutorials on MNIST (60 epochs at q = 256/60000)",
                "the same numbers; the PRV curve is evaluated at some epochs only (quick: 1, 10, 30; full: 10 points up to 60)",
                "one PRV evaluation of 60 epochs takes about a second; the RDP curve is at every epoch");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("reference", "Every table entry is within 1e-6 relative of the reference")
                .test(s -> Criterion.below(s + ".max_relative_error", 1e-6))
                .subject("improved")
                .control("classic_vs_improved", "the classic conversion checked against the improved reference"
                        + " values: the test tells the conversions apart")
                .build(),
                Claim.that("prv-below-rdp", "On every table row and every point of the curves, PRV's proven epsilon"
                        + " (the upper end of its interval, error bound included) is at most RDP's (improved conversion)")
                .test(s -> Criterion.atMost(s + ".max_excess_over_rdp", 0))
                .subject("prv")
                .control("rdp_classic", "RDP with the classic conversion (Mironov 2017) on the same events: a looser"
                        + " accountant, so the test tells a tighter one from a looser one")
                .build(),
                Claim.that("gaussian-exact", "On the Gaussian mechanism (q = 1, " + GAUSSIAN.length + " settings), the"
                        + " accountant's epsilon is within " + GAUSSIAN_TOLERANCE + " of the exact value (Balle & Wang"
                        + " 2018)")
                .test(s -> Criterion.atMost(s + ".gaussian_max_abs_error", GAUSSIAN_TOLERANCE))
                .subject("prv")
                .control("rdp", "the RDP accountant (improved conversion) on the same events")
                .build());
    }

    @Override
    public void trial(Trial t) {
        RdpAccountant improved = RdpAccountant.opacus();
        RdpAccountant classic = improved.conversion(Conversion.CLASSIC);
        double worstImproved = 0;
        double worstClassic = 0;
        double worstMismatch = 0;
        for (double[] row : TABLE) {
            DpEvent e = DpEvent.dpSgd(row[0], row[1], (long) row[2]);
            double ei = improved.epsilon(e, row[3]).epsilon();
            double ec = classic.epsilon(e, row[3]).epsilon();
            worstImproved = Math.max(worstImproved, Math.abs(ei / row[4] - 1));
            worstClassic = Math.max(worstClassic, Math.abs(ec / row[5] - 1));
            worstMismatch = Math.max(worstMismatch, Math.abs(ec / row[4] - 1));
        }
        t.metric("improved.max_relative_error", worstImproved);
        t.metric("classic.max_relative_error", worstClassic);
        t.metric("classic_vs_improved.max_relative_error", worstMismatch);
        PrvAccountant prv = PrvAccountant.defaults();
        double excessPrv = Double.NEGATIVE_INFINITY;
        double excessClassic = Double.NEGATIVE_INFINITY;
        for (double[] row : TABLE) {
            DpEvent e = DpEvent.dpSgd(row[0], row[1], (long) row[2]);
            double ri = improved.epsilon(e, row[3]).epsilon();
            excessPrv = Math.max(excessPrv, prv.bounds(e, row[3]).epsilonUpper() - ri);
            excessClassic = Math.max(excessClassic, classic.epsilon(e, row[3]).epsilon() - ri);
        }
        int epochs = t.quick() ? 30 : 60;
        int[] prvEpochs = t.quick() ? new int[] {1, 10, 30} : new int[] {1, 2, 5, 10, 15, 20, 30, 40, 50, 60};
        double[] at = new double[prvEpochs.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = prvEpochs[i];
        }
        t.curve("prv epochs", at);
        double widest = 0;
        for (double sigma : SIGMAS) {
            double[] ei = new double[epochs];
            double[] ec = new double[epochs];
            for (int k = 1; k <= epochs; k++) {
                DpEvent e = DpEvent.dpSgd(Q, sigma, (long) (k / Q));
                ei[k - 1] = improved.epsilon(e, 1e-5).epsilon();
                ec[k - 1] = classic.epsilon(e, 1e-5).epsilon();
                excessClassic = Math.max(excessClassic, ec[k - 1] - ei[k - 1]);
            }
            double[] up = new double[prvEpochs.length];
            double[] low = new double[prvEpochs.length];
            for (int i = 0; i < prvEpochs.length; i++) {
                int k = prvEpochs[i];
                t.progress("PRV sigma " + sigma + " epoch " + k, i / (double) prvEpochs.length);
                long start = System.nanoTime();
                PrvBound b = prv.bounds(DpEvent.dpSgd(Q, sigma, (long) (k / Q)), 1e-5);
                double ms = (System.nanoTime() - start) / 1e6;
                up[i] = b.epsilonUpper();
                low[i] = b.epsilonLower();
                widest = Math.max(widest, b.errorBound());
                excessPrv = Math.max(excessPrv, up[i] - ei[k - 1]);
                if (k == 60 || (t.quick() && k == 30)) {
                    t.note(String.format(Locale.ROOT, "sigma %s, %d epochs (%d steps): RDP %.4f, classic %.4f, PRV %.4f"
                            + " (true epsilon in [%.4f, %.4f], grid step %.2g, %d points, %.0f ms)", sigma, k,
                            (long) (k / Q), ei[k - 1], ec[k - 1], up[i], low[i], up[i], b.gridStep(), b.points(), ms));
                }
            }
            t.curve("improved sigma " + sigma, ei);
            t.curve("classic sigma " + sigma, ec);
            t.curve("prv sigma " + sigma, up);
            t.curve("prv lower sigma " + sigma, low);
        }
        t.metric("prv.max_excess_over_rdp", excessPrv);
        t.metric("rdp_classic.max_excess_over_rdp", excessClassic);
        t.metric("prv.max_error_bound", widest);
        double errPrv = 0;
        double errRdp = 0;
        for (double[] g : GAUSSIAN) {
            DpEvent e = DpEvent.dpSgd(1, g[0], (long) g[1]);
            double exact = AnalyticGaussian.epsilon(AnalyticGaussian.mu(g[0], (long) g[1]), 1e-5);
            PrvBound b = prv.bounds(e, 1e-5);
            if (!(exact >= b.epsilonLower() && exact <= b.epsilonUpper())) {
                t.note("the exact epsilon " + exact + " is outside PRV's interval " + b);
            }
            errPrv = Math.max(errPrv, Math.abs(b.epsilonUpper() - exact));
            errRdp = Math.max(errRdp, Math.abs(improved.epsilon(e, 1e-5).epsilon() - exact));
        }
        t.metric("prv.gaussian_max_abs_error", errPrv);
        t.metric("rdp.gaussian_max_abs_error", errRdp);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("RDP over Opacus' orders (1.1..10.9, 12..63); epsilon at delta 1e-5 by the improved conversion"
                + " (Opacus get_privacy_spent) and the classic one (TF-Privacy before 2021). Reference values from two"
                + " numpy ports of Opacus' rdp.py. PRV: the privacy-loss distribution of each Poisson-sampled Gaussian"
                + " step on a grid, composed by FFT, with Opacus' error budget (eps_error 0.01, delta_error"
                + " delta/1000); its epsilon is the upper end of the interval proven to hold the true epsilon, the"
                + " larger of the remove and add relations.");
        report.keyMetric("max_relative_error_improved", seeds.median("improved.max_relative_error"));
        report.keyMetric("max_relative_error_classic", seeds.median("classic.max_relative_error"));
        report.keyMetric("prv_max_excess_over_rdp", seeds.median("prv.max_excess_over_rdp"));
        report.keyMetric("prv_max_error_bound", seeds.median("prv.max_error_bound"));
        report.keyMetric("prv_gaussian_max_abs_error", seeds.median("prv.gaussian_max_abs_error"));
        report.keyMetric("rdp_gaussian_max_abs_error", seeds.median("rdp.gaussian_max_abs_error"));
        XYPlot p = XYPlot.titled("DP-SGD at q = 256/60000, delta = 1e-5").xLabel("epoch").yLabel("epsilon");
        double[] at = seeds.first().curves().get("prv epochs");
        for (double sigma : SIGMAS) {
            double[] ei = seeds.first().curves().get("improved sigma " + sigma);
            double[] epochAxis = new double[ei.length];
            for (int k = 0; k < ei.length; k++) {
                epochAxis[k] = k + 1;
            }
            p.line("RDP improved, sigma " + sigma, epochAxis, ei);
            p.line("RDP classic, sigma " + sigma, epochAxis, seeds.first().curves().get("classic sigma " + sigma));
            p.lineWithMarkers("PRV, sigma " + sigma, at, seeds.first().curves().get("prv sigma " + sigma));
            report.series("epsilon_sigma_" + sigma, SeriesTable.of("improved", ei)
                    .with("classic", seeds.first().curves().get("classic sigma " + sigma)));
            report.series("prv_sigma_" + sigma, SeriesTable.of("epoch", at)
                    .with("prv_upper", seeds.first().curves().get("prv sigma " + sigma))
                    .with("prv_lower", seeds.first().curves().get("prv lower sigma " + sigma)));
        }
        report.plot("epsilon_vs_epochs", p);
    }
}
