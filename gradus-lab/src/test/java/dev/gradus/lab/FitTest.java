package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FitTest {
    @Test
    void recoversExponentsAndRates() {
        int n = 50;
        double[] t = new double[n];
        double[] power = new double[n];
        double[] geometric = new double[n];
        double[] line = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
            power[i] = 3 / ((i + 1.0) * (i + 1.0));
            geometric[i] = 5 * Math.exp(-0.01 * (i + 1));
            line[i] = 2 * (i + 1) - 7;
        }
        assertThat(Fit.logLogSlope(t, power, 0, n)).isCloseTo(-2, within(1e-12));
        assertThat(Fit.semiLogSlope(t, geometric, 10, n)).isCloseTo(-0.01, within(1e-12));
        assertThat(Fit.slope(t, line, 0, n)).isCloseTo(2, within(1e-12));
    }

    @Test
    void skipsUnusablePointsAndSaysNanWhenTooFewRemain() {
        double[] t = {1, 2, 3, 4};
        double[] y = {1, 0, Double.NaN, 0.25};
        assertThat(Fit.logLogSlope(t, y, 0, 4)).isCloseTo(-1, within(1e-12));
        assertThat(Fit.logLogSlope(t, new double[] {1, 0, 0, 0}, 0, 4)).isNaN();
        assertThat(Fit.slope(new double[] {1, 1}, new double[] {1, 2}, 0, 2)).isNaN();
    }
}
