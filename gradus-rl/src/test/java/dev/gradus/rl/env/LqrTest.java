package dev.gradus.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class LqrTest {

    @Test
    void theDigestsNumbers() {
        Lqr lqr = new Lqr();
        assertThat(lqr.expectedReturn(new double[] {0, 0}, 0.5, 0.99)).isCloseTo(-123.5, within(0.05));
        Lqr.Optimum best = lqr.optimum(0.5, 0.99);
        assertThat(best.value()).isCloseTo(-18.8, within(0.2));
        // The optimum is at least as good as every point of the digest's 61x61 grid.
        double grid = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 61; i++) {
            for (int j = 0; j < 61; j++) {
                grid = Math.max(grid, lqr.expectedReturn(new double[] {-15 + 0.25 * i, -15 + 0.25 * j}, 0.5, 0.99));
            }
        }
        assertThat(best.value()).isGreaterThanOrEqualTo(grid - 1e-9);
    }

    @Test
    void theExactReturnIsTheMeanOfSampledEpisodes() {
        Lqr lqr = new Lqr();
        double[] k = {-3.0, -4.0};
        double sigma = 0.5;
        double gamma = 0.99;
        RandomStream noise = RandomStream.of(1);
        int episodes = 20_000;
        double sum = 0;
        double sq = 0;
        for (int e = 0; e < episodes; e++) {
            double[] s = lqr.reset(e);
            double g = 0;
            double disc = 1;
            for (int t = 0; t < 30; t++) {
                double a = k[0] * s[0] + k[1] * s[1] + sigma * noise.normal();
                Step st = lqr.step(new double[] {a});
                g += disc * st.reward();
                disc *= gamma;
                s = st.observation();
            }
            sum += g;
            sq += g * g;
        }
        double mean = sum / episodes;
        double se = Math.sqrt((sq / episodes - mean * mean) / episodes);
        assertThat(mean).isCloseTo(lqr.expectedReturn(k, sigma, gamma), within(4 * se));
    }
}
