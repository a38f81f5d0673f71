package dev.gradus.distributed;

import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.tensor.RandomStream;

/**
 * What the Byzantine workers send: the components of the {@code attack} family ({@link #ATTACKS}), such as
 * {@code sign_flip(f=2)} or {@code alie(f=2, z=1.5)}. The last {@link #byzantine()} workers are Byzantine. Attacks
 * are omniscient: each Byzantine message is forged knowing every honest message of the round (the honest
 * workers are the first {@code n - f}), as the robustness literature assumes.
 */
public interface Attack {

    /** The family of attacks. */
    SpecFamily<Attack> ATTACKS = SpecFamily.of("attack", Attack.class);

    /** The number {@code f} of Byzantine workers (the last {@code f}). */
    int byzantine();

    /**
     * True when the Byzantine workers train on flipped labels ({@code y -> C - 1 - y}) and send their own honest
     * message computed on them, instead of a forged vector.
     */
    default boolean flipsLabels() {
        return false;
    }

    /**
     * Forges the message of one Byzantine worker into {@code out}, from the honest messages of the round (not to
     * be modified) and the worker's own computed message {@code own}.
     */
    void forge(double[][] honest, double[] own, RandomStream random, double[] out);

}
