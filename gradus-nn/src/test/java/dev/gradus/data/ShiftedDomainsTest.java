package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShiftedDomainsTest {

    /** Two 2 x 3 images with distinct pixels, largest value 12. */
    private static Dataset tiny() {
        double[] x = {1, 2, 3, 4, 5, 6, 12, 0, 0, 0, 0, 6};
        return Dataset.classification("tiny", Tensor.of(x, 2, 6), new int[] {0, 1}, List.of("a", "b"));
    }

    @Test
    void plainStyleOnlyScalesToTheUnitRange() {
        Dataset out = ShiftedDomains.apply(tiny(), 2, 3, ShiftedDomains.Style.plain("p"));
        assertThat(out.row(0)).usingComparatorWithPrecision(1e-15).containsExactly(1 / 12.0, 2 / 12.0, 3 / 12.0, 4 / 12.0, 5 / 12.0, 6 / 12.0);
        assertThat(out.labels()).containsExactly(0, 1);
        assertThat(out.name()).isEqualTo("tiny/p");
    }

    @Test
    void contrastAndBrightnessAreAnAffineMapOfTheScaledImage() {
        Dataset out = ShiftedDomains.apply(tiny(), 2, 3, new ShiftedDomains.Style("inv", 0, -1, 1));
        assertThat(out.row(1)[0]).isEqualTo(0.0);
        assertThat(out.row(1)[1]).isEqualTo(1.0);
        assertThat(out.row(1)[5]).isEqualTo(0.5);
    }

    @Test
    void aQuarterTurnPermutesThePixelsAndFourReturnTheImage() {
        Dataset digits = Datasets.load("digits").range(0, 5);
        ShiftedDomains.Style quarter = new ShiftedDomains.Style("q", 90, 1, 0);
        Dataset once = ShiftedDomains.apply(digits, 8, 8, quarter);
        double[] plain = ShiftedDomains.apply(digits, 8, 8, ShiftedDomains.Style.plain("p")).row(0);
        double[] turned = once.row(0);
        // A quarter turn about the centre of an 8 x 8 grid maps grid points to grid points: (r, c) <- (c, 7 - r).
        double[] expected = new double[64];
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                expected[r * 8 + c] = plain[c * 8 + (7 - r)];
            }
        }
        assertThat(turned).usingComparatorWithPrecision(1e-12).containsExactly(expected);
        Dataset four = digits;
        for (int k = 0; k < 4; k++) {
            four = ShiftedDomains.apply(four, 8, 8, quarter);
        }
        // Each pass rescales by the current largest value; the digits' largest is 16 and the first pass maps it to 1.
        double[] back = four.row(0);
        for (int i = 0; i < 64; i++) {
            assertThat(back[i]).isCloseTo(plain[i], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void domainsAreDisjointSameSizedAndSeeded() {
        Dataset digits = Datasets.load("digits");
        List<ShiftedDomains.Style> styles = List.of(ShiftedDomains.Style.plain("a"),
                new ShiftedDomains.Style("b", 30, 0.5, 0.2), new ShiftedDomains.Style("c", -30, 2, -0.5));
        List<Dataset> d1 = ShiftedDomains.of(digits, 8, 8, styles, 200, RandomStream.of(3));
        List<Dataset> d2 = ShiftedDomains.of(digits, 8, 8, styles, 200, RandomStream.of(3));
        assertThat(d1).hasSize(3);
        Set<String> rows = new HashSet<>();
        for (int k = 0; k < 3; k++) {
            assertThat(d1.get(k).size()).isEqualTo(200);
            assertThat(d1.get(k).features().data()).isEqualTo(d2.get(k).features().data());
            assertThat(d1.get(k).numClasses()).isEqualTo(10);
            rows.add(d1.get(k).name());
        }
        assertThat(rows).containsExactlyInAnyOrder("digits/a", "digits/b", "digits/c");
        // The plain domain's images are images of the data set, scaled; no image is in two domains.
        Set<String> seen = new HashSet<>();
        Dataset plainAll = ShiftedDomains.apply(digits, 8, 8, ShiftedDomains.Style.plain("x"));
        Set<String> all = new HashSet<>();
        for (int i = 0; i < plainAll.size(); i++) {
            all.add(java.util.Arrays.toString(plainAll.row(i)));
        }
        for (int i = 0; i < 200; i++) {
            String key = java.util.Arrays.toString(d1.get(0).row(i));
            assertThat(all).contains(key);
            seen.add(key);
        }
        assertThat(seen.size()).isGreaterThan(190);   // the digits hold a few duplicate images
    }

    @Test
    void badInputIsRefusedWithItsName() {
        assertThatThrownBy(() -> new ShiftedDomains.Style("z", 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'z'").hasMessageContaining("contrast");
        assertThatThrownBy(() -> ShiftedDomains.apply(tiny(), 3, 3, ShiftedDomains.Style.plain("p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiny").hasMessageContaining("3 x 3");
        assertThatThrownBy(() -> ShiftedDomains.of(tiny(), 2, 3, List.of(ShiftedDomains.Style.plain("p"),
                ShiftedDomains.Style.plain("q")), 2, RandomStream.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4 images");
    }
}
