package dev.gradus.zeroth.ga;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.AskTell;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.Progress;
import dev.gradus.zeroth.Ranks;
import dev.gradus.zeroth.SearchState;
import dev.gradus.zeroth.ZigguratNormal;

/**
 * The Deep GA (Such, Madhavan, Conti, Lehman, Stanley, Clune, "Deep Neuroevolution: Genetic Algorithms Are a
 * Competitive Alternative for Training Deep Neural Networks for Reinforcement Learning", 2017): truncation selection
 * and Gaussian mutation, no crossover, with each individual stored as the chain of seeds that made it:
 * <pre>
 *   genome [s₀, s₁, ..., s_g];   decode: θ = init(s₀) + σ Σ_{k≥1} ε(s_k)
 *   init(s) = uniform in the box from a stream seeded s;   ε(s) = N(0, I) from a stream seeded s (ziggurat)
 *   each generation: parents = the T best (ties to the lower index); the elite (the best) is kept unchanged;
 *                    N − 1 children = a uniformly drawn parent with one new seed appended
 * </pre>
 * A genome takes {@code 8·(g + 1)} bytes whatever the number of parameters ({@link #genomeBytes}). Decoding is
 * exact: the children's points are the parents' decoded points plus {@code σ ε(s_new)}, summed in the same order as
 * {@link #decode}, so a genome decodes back to the very bits that were evaluated. Settings from the digest's numpy
 * check ({@code population=100, truncation=20, sigma=0.1}); the paper's Atari settings (N ≈ 1000, T ≈ 20,
 * σ ≈ 0.002) are unconfirmed. Elite re-evaluation on extra episodes (for noisy fitness) is the caller's: this class
 * trusts the told values.
 */
public final class DeepGa extends Configured<DeepGa> implements AskTell<DeepGa.State> {

    /** Spec: {@code deep_ga(population=100, truncation=20, sigma=0.1)}. */
    public static final Descriptor<DeepGa> SPEC = Descriptor.component("deep_ga", "dfo", DeepGa::new)
            .summary("Deep GA: truncation selection, Gaussian mutation, seed-chain genomes")
            .reference("Such et al. 2017")
            .param(Param.integer("population", 100L, "population size N").range(Range.atLeast(2)))
            .param(Param.integer("truncation", 20L, "number of parents T").range(Range.atLeast(1)))
            .param(Param.number("sigma", 0.1, "mutation power σ").range(Range.greaterThan(0)))
            .build();

    /**
     * The Deep GA's state.
     *
     * @param genomes the asked individuals' seed chains
     * @param candidates their decoded points [N, d]
     * @param lower the box's lower bounds (for init) [d]
     * @param upper the box's upper bounds [d]
     * @param random the stream that draws new seeds and parents
     * @param progress evaluations and the best individual's point
     */
    public record State(SeedChains genomes, Tensor candidates, Tensor lower, Tensor upper, RandomStream random,
            Progress progress) implements SearchState {}

    private final int n;
    private final int truncation;
    private final double sigma;

    /** From validated settings; use {@code Methods.parse("deep_ga(population=100)")}. */
    public DeepGa(Hyperparams hp) {
        super(hp);
        this.n = Math.toIntExact(hp.integer("population"));
        this.truncation = Math.toIntExact(hp.integer("truncation"));
        if (truncation > n) {
            throw new IllegalArgumentException("deep_ga: truncation " + truncation + " exceeds population " + n);
        }
        this.sigma = hp.number("sigma");
    }

    @Override
    public State init(Box box, int objectives, long seed) {
        AskTell.checkObjectives("deep_ga", objectives, 1);
        int d = box.dimension();
        State s = new State(new SeedChains(n), Tensor.zeros(n, d), Tensor.vector(box.lower()),
                Tensor.vector(box.upper()), RandomStream.of(seed), Progress.start(d));
        double[] x = s.candidates().data();
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            long[] genome = {s.random().nextLong()};
            s.genomes().set(i, genome);
            decodeInto(genome, s.lower().data(), s.upper().data(), row);
            System.arraycopy(row, 0, x, i * d, d);
        }
        return s;
    }

    @Override
    public Tensor ask(State s) {
        s.progress().asked();
        return s.candidates().copy();
    }

    @Override
    public void tell(State s, Tensor values) {
        AskTell.checkTold("deep_ga", s.progress(), values, n, 1);
        s.progress().told(s.candidates(), values);
        int d = s.candidates().dim(1);
        int[] order = Ranks.order(values.data(), n);
        double[] old = s.candidates().data().clone();
        long[][] parents = new long[truncation][];
        for (int t = 0; t < truncation; t++) {
            parents[t] = s.genomes().get(order[t]);
        }
        double[] x = s.candidates().data();
        System.arraycopy(old, order[0] * d, x, 0, d);
        s.genomes().set(0, parents[0]);
        double[] eps = new double[d];
        for (int i = 1; i < n; i++) {
            int t = s.random().nextInt(truncation);
            long childSeed = s.random().nextLong();
            long[] child = java.util.Arrays.copyOf(parents[t], parents[t].length + 1);
            child[child.length - 1] = childSeed;
            s.genomes().set(i, child);
            ZigguratNormal.fill(RandomStream.of(childSeed), eps);
            int p = order[t] * d;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = old[p + j] + sigma * eps[j];
            }
        }
        s.candidates().markModified();
    }

    /** The point that {@code genome} encodes in the state's box. */
    public double[] decode(State s, long[] genome) {
        double[] out = new double[s.candidates().dim(1)];
        decodeInto(genome, s.lower().data(), s.upper().data(), out);
        return out;
    }

    /** The bytes of the genomes of the current population at most: 8 per seed of the longest chain. */
    public static long genomeBytes(State s) {
        int max = 0;
        for (int i = 0; i < s.genomes().size(); i++) {
            max = Math.max(max, s.genomes().length(i));
        }
        return 8L * max;
    }

    private void decodeInto(long[] genome, double[] lo, double[] hi, double[] out) {
        RandomStream init = RandomStream.of(genome[0]);
        for (int j = 0; j < out.length; j++) {
            out[j] = init.uniform(lo[j], hi[j]);
        }
        double[] eps = new double[out.length];
        for (int k = 1; k < genome.length; k++) {
            ZigguratNormal.fill(RandomStream.of(genome[k]), eps);
            for (int j = 0; j < out.length; j++) {
                out[j] = out[j] + sigma * eps[j];
            }
        }
    }
}
