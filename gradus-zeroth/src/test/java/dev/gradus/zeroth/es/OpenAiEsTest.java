package dev.gradus.zeroth.es;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Methods;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.problem.Problems;
import org.junit.jupiter.api.Test;

/** OpenAI-ES moves its centre to the sphere's shifted minimum; antithetic candidates are symmetric about θ. */
class OpenAiEsTest {

    @Test
    void theCentreReachesTheShiftedMinimum() {
        OpenAiEs es = (OpenAiEs) (Object) Methods.parse("openai_es(pairs=10, sigma=0.1, lr=0.05)");
        Search<OpenAiEs.State> search = new Search<>(es, Problems.parse("sphere(d=10)"), Evaluator.sequential());
        OpenAiEs.State s = search.start(2);
        double[] x = s.candidates().data();
        for (int j = 0; j < 10; j++) {
            assertThat(x[j] + x[10 + j]).isCloseTo(2 * OpenAiEs.centre(s)[j], org.assertj.core.api.Assertions.within(1e-14));
        }
        search.run(s, 20L * 400, null);
        for (double v : OpenAiEs.centre(s)) {
            assertThat(Math.abs(v - 1)).isLessThan(0.1);
        }
    }
}
