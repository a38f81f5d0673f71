package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesTableTest {
    @Test
    void raggedColumnsLeaveCellsEmptyAndNamesAreQuoted() {
        SeriesTable t = SeriesTable.of("t", new double[] {0, 1, 2}).with("k = 4, alpha=\"0.1\"", new double[] {0.5, 0.25});
        assertThat(t.toCsv()).isEqualTo("t,\"k = 4, alpha=\"\"0.1\"\"\"\n0.0,0.5\n1.0,0.25\n2.0,\n");
    }

    @Test
    void valuesReadBackExactly() {
        double v = 0.1 + 0.2;
        String csv = SeriesTable.of("x", new double[] {v}).toCsv();
        assertThat(Double.parseDouble(csv.split("\n")[1])).isEqualTo(v);
    }

    @Test
    void isImmutableAndRejectsDuplicates() {
        SeriesTable a = SeriesTable.of("t", new double[] {1});
        SeriesTable b = a.with("y", new double[] {2});
        assertThat(a.names()).containsExactly("t");
        assertThat(b.names()).containsExactly("t", "y");
        assertThatThrownBy(() -> b.with("y", new double[] {3})).hasMessageContaining("already exists");
        assertThatThrownBy(() -> b.column("z")).hasMessageContaining("no column \"z\"");
    }
}
