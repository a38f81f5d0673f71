package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void numbersReadShortAndExact() {
        assertThat(Format.number(308)).isEqualTo("308");
        assertThat(Format.number(-2)).isEqualTo("-2");
        assertThat(Format.number(0.05)).isEqualTo("0.05");
        assertThat(Format.number(-0.94277)).isEqualTo("-0.9428");
        assertThat(Format.number(2.1e-10)).isEqualTo("2.1e-10");
        assertThat(Format.number(3.924755e-15)).isEqualTo("3.925e-15");
        assertThat(Format.number(1.5e7 + 0.5)).isEqualTo("1.5e7");
        assertThat(Format.number(1e8)).isEqualTo("1e8");
        assertThat(Format.number(999_999)).isEqualTo("999999");
        assertThat(Format.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Format.number(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(Format.seconds(12.345)).isEqualTo("12.3");
    }
}
