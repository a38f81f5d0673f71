package dev.gradus.robust.inversion;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.robust.projection.BallProjection;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * GIFD's staged feature-domain search (Fang, Chen, Wang, Wang &amp; Xia, "GIFD: A Generative Gradient Inversion Method
 * with Feature Domain Optimization", ICCV 2023) over a generator split into blocks
 * {@code G = G_K o ... o G_1}:
 *
 * <pre>
 * stage 0:  z* = argmin_z R(G(z))                                              (the latent-only attack)
 * stage k:  h_k^0 = G_k(h_{k-1}*)  (h_0* = z*);   h_k* = argmin R(G_K o ... o G_{k+1}(h_k))
 *           s.t. ||h_k - h_k^0||_1 &lt;= r_k for each example (projection after every Adam step)
 * output:   the stage output with the lowest R
 * </pre>
 *
 * with R the {@link GradientMatching} objective. The paper also optimises StyleGAN2's noise inputs and restarts four
 * times; the generator here has no noise inputs and the search runs once from the given latent. Defaults of the
 * official StyleGAN2 configuration: 1000 Adam steps per stage at lr 0.1, radii growing with depth.
 */
public final class GifdSearch {
    private final List<Module> blocks;
    private final double[] radii;
    private final int iterations;
    private final double lr;

    /**
     * The search over {@code blocks} (G_1 first), with L1 radii {@code radii[k - 1]} for the feature stages
     * k = 1..{@code radii.length} (at most one fewer than the blocks, since the last block's output is the input itself).
     */
    public GifdSearch(List<Module> blocks, double[] radii, int iterations, double lr) {
        if (blocks.isEmpty() || radii.length > blocks.size() - 1) {
            throw new IllegalArgumentException("GifdSearch: " + radii.length + " feature stages need at least "
                    + (radii.length + 1) + " generator blocks, got " + blocks.size());
        }
        this.blocks = List.copyOf(blocks);
        this.radii = radii.clone();
        this.iterations = iterations;
        this.lr = lr;
    }

    /** What the search produced: the best output, and the output and objective of each stage (0 = latent only). */
    public record Outcome(Tensor best, double bestObjective, List<Tensor> stageOutputs, double[] stageObjectives) {}

    /** Runs the stages from the latent {@code z0} ({@code [N, dz]}) against {@code matching}. */
    public Outcome run(GradientMatching matching, Tensor z0) {
        List<Tensor> outputs = new ArrayList<>();
        double[] objectives = new double[radii.length + 1];
        ProjectedAdam.Result r = ProjectedAdam.minimize(z0, h -> matching.objective(decode(h, 0)), iterations, lr, null);
        Tensor h = r.best();
        outputs.add(evaluate(h, 0));
        objectives[0] = r.objective();
        for (int k = 1; k <= radii.length; k++) {
            Tensor start;
            try (var scope = Autodiff.noGrad()) {
                start = blocks.get(k - 1).forward(Var.constant(h)).value();
            }
            int from = k;
            double radius = radii[k - 1];
            Tensor center = start.copy();
            r = ProjectedAdam.minimize(start, v -> matching.objective(decode(v, from)), iterations, lr,
                    v -> BallProjection.L1.projectRows(v, center, radius));
            h = r.best();
            outputs.add(evaluate(h, from));
            objectives[k] = r.objective();
        }
        int best = 0;
        for (int k = 1; k < objectives.length; k++) {
            if (objectives[k] < objectives[best]) {
                best = k;
            }
        }
        return new Outcome(outputs.get(best), objectives[best], outputs, objectives);
    }

    /** The generator's output from the input of block {@code from} (0: the latent). */
    private Var decode(Var h, int from) {
        Var v = h;
        for (int b = from; b < blocks.size(); b++) {
            v = blocks.get(b).forward(v);
        }
        return v;
    }

    private Tensor evaluate(Tensor h, int from) {
        try (var scope = Autodiff.noGrad()) {
            return decode(Var.constant(h), from).value();
        }
    }
}
