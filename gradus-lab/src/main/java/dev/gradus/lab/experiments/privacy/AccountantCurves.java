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
import dev.gradus.privacy.accounting.Conversion;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.RdpAccountant;
import java.util.List;

/**
 * The RDP accountant of the sampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019) against reference values
 * from Opacus' formulas, with both conversions, and the ε-vs-epochs curves of DP-SGD on MNIST-sized data.
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
        return "The RDP accountant gives Opacus' epsilon (improved conversion) and TF-Privacy's (classic) to 1e-6.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.deterministic("the accountant is a deterministic computation");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("the analysis; Opacus and TF-Privacy tutorials on MNIST", "the same numbers",
                "nothing is scaled down");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("reference", "Every table entry is within 1e-6 relative of the reference")
                .test(s -> Criterion.below(s + ".max_relative_error", 1e-6))
                .subject("improved")
                .control("classic_vs_improved", "the classic conversion checked against the improved reference"
                        + " values: the test tells the conversions apart")
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
        double q = 256.0 / 60000;
        int epochs = t.quick() ? 30 : 60;
        for (double sigma : new double[] {0.8, 1.1, 1.3}) {
            double[] ei = new double[epochs];
            double[] ec = new double[epochs];
            for (int k = 1; k <= epochs; k++) {
                DpEvent e = DpEvent.dpSgd(q, sigma, (long) (k / q));
                ei[k - 1] = improved.epsilon(e, 1e-5).epsilon();
                ec[k - 1] = classic.epsilon(e, 1e-5).epsilon();
            }
            t.curve("improved sigma " + sigma, ei);
            t.curve("classic sigma " + sigma, ec);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("RDP over Opacus' orders (1.1..10.9, 12..63); epsilon at delta 1e-5 by the improved conversion"
                + " (Opacus get_privacy_spent) and the classic one (TF-Privacy before 2021). Reference values from two"
                + " numpy ports of Opacus' rdp.py. The PRV accountant is not implemented, so the curves show RDP only.");
        report.keyMetric("max_relative_error_improved", seeds.median("improved.max_relative_error"));
        report.keyMetric("max_relative_error_classic", seeds.median("classic.max_relative_error"));
        XYPlot p = XYPlot.titled("DP-SGD at q = 256/60000, delta = 1e-5").xLabel("epoch").yLabel("epsilon");
        for (double sigma : new double[] {0.8, 1.1, 1.3}) {
            p.line("improved, sigma " + sigma, seeds.first().curves().get("improved sigma " + sigma));
            p.line("classic, sigma " + sigma, seeds.first().curves().get("classic sigma " + sigma));
            report.series("epsilon_sigma_" + sigma, SeriesTable.of("improved", seeds.first().curves()
                    .get("improved sigma " + sigma)).with("classic", seeds.first().curves().get("classic sigma " + sigma)));
        }
        report.plot("epsilon_vs_epochs", p);
    }
}
