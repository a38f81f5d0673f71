package dev.gradus.lab.experiments.zeroth;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.StepContext;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * Brief training of one generator/discriminator pair on the {@link GaussianRing} and its three EAGAN-lite scores.
 * The GAN of Goodfellow et al. (2014) with the non-saturating generator loss:
 * <pre>
 *   D step:  L_D = BCE(D(x), 1) + BCE(D(G(z)), 0),   x ~ ring, z ~ N(0, I₂), G(z) held constant
 *   G step:  L_G = BCE(D'(G(z)), 1)                   the same z, through the just-updated D'

 * </pre>
 * one D step then one G step per iteration, batch {@value #BATCH}, Adam (lr {@value #LR}, betas (0.5, 0.999), the
 * DCGAN setting) for each network. The scores use fixed evaluation noise and fixed real samples (shared by every
 * candidate of a seed), so a pair's score is a function of its architectures and its training stream.
 */
final class MlpGan {
    /** Latent dimension. */
    static final int LATENT = 2;
    /** Minibatch size of both steps. */
    static final int BATCH = 64;
    /** Adam's learning rate for both networks. */
    static final double LR = 1e-2;
    /** A mode is covered when it holds at least this share of the samples within 3σ (a quarter of its 1/8). */
    static final double MODE_SHARE = 1.0 / 32;

    /**
     * The scores of a trained pair.
     *
     * @param modes the modes covered (0..8)
     * @param mmd the squared MMD of the generated to the real evaluation samples
     * @param generatorParameters the generator's parameter count (the deployed model's size)
     */
    record Score(int modes, double mmd, long generatorParameters) {}

    /**
     * Fixed evaluation data of one seed: generator noise and real samples, {@code n} each, and the real samples' own
     * kernel mean ({@link GaussianRing#selfKernel}), which every candidate's MMD shares.
     */
    record Probe(Tensor noise, double[] real, int n, double realSelf) {
        static Probe of(RandomStream rng, int n) {
            double[] z = new double[n * LATENT];
            rng.fork("noise").fillNormal(z);
            double[] real = new double[2 * n];
            GaussianRing.sample(rng.fork("real"), real, n);
            return new Probe(Tensor.of(z, n, LATENT), real, n, GaussianRing.selfKernel(real, n));
        }
    }

    private MlpGan() {}

    /** Trains {@code g} against {@code d} for {@code steps} iterations from {@code rng} and scores the generator. */
    static Score train(GanNet g, GanNet d, int steps, RandomStream rng, Probe probe) {
        Sequential gen = g.build(LATENT, 2, rng.fork("g init"));
        Sequential dis = d.build(2, 1, rng.fork("d init"));
        RandomStream data = rng.fork("data");
        GradientTransformation adamG = Optimizers.adam().lr(LR).betas(0.5, 0.999);
        GradientTransformation adamD = Optimizers.adam().lr(LR).betas(0.5, 0.999);
        TensorMap pg = gen.namedParameters();
        TensorMap pd = dis.namedParameters();
        OptState sg = adamG.init(pg);
        OptState sd = adamD.init(pd);
        Tensor ones = Tensor.ones(BATCH, 1);
        Tensor zeros = Tensor.zeros(BATCH, 1);
        double[] real = new double[2 * BATCH];
        double[] z = new double[LATENT * BATCH];
        for (int step = 0; step < steps; step++) {
            GaussianRing.sample(data, real, BATCH);
            data.fillNormal(z);
            // One generator pass serves both steps: D sees its value (held constant), G's loss goes through the
            // updated D on the same samples, which saves a third of the generator's work per iteration.
            Var fake = gen.forward(Tensor.of(z.clone(), BATCH, LATENT));
            Var lossD = Losses.binaryCrossEntropyWithLogits(dis.forward(Tensor.of(real.clone(), BATCH, 2)), ones)
                    .add(Losses.binaryCrossEntropyWithLogits(dis.forward(fake.value()), zeros));
            adamD.step(pd, dis.gradients(lossD), sd, StepContext.none());
            Var lossG = Losses.binaryCrossEntropyWithLogits(dis.forward(fake), ones);
            adamG.step(pg, gen.gradients(lossG), sg, StepContext.none());
        }
        double[] x = gen.forward(probe.noise()).value().data();
        boolean finite = true;
        for (double v : x) {
            finite &= Double.isFinite(v);
        }
        long size = gen.parameterCount();
        if (!finite) {
            return new Score(0, Double.POSITIVE_INFINITY, size);
        }
        return new Score(GaussianRing.modesCovered(x, probe.n(), MODE_SHARE),
                GaussianRing.mmd2(x, probe.n(), probe.real(), probe.n(), probe.realSelf()), size);
    }
}
