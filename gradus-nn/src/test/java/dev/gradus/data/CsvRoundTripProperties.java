package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any data set written by {@link CsvWriter} reads back through {@link CsvReader} to the same bits. */
class CsvRoundTripProperties {
    @Property(tries = 200, seed = "20261127")
    void classificationRoundTrips(@ForAll("classifications") Dataset d) throws IOException {
        Dataset back = roundTrip(d, CsvFormat.DEFAULT.withHeader(CsvFormat.Header.SKLEARN));
        assertThat(back.features().data()).isEqualTo(d.features().data());
        assertThat(back.labels()).containsExactly(d.labels());
        assertThat(back.classNames()).isEqualTo(d.classNames());
    }

    @Property(tries = 200, seed = "20261127")
    void classificationRoundTripsWithTheDefaultFormatWhenClassNamesAreWords(@ForAll("wordClassifications") Dataset d)
            throws IOException {
        Dataset back = roundTrip(d, CsvFormat.DEFAULT);
        assertThat(back.features().data()).isEqualTo(d.features().data());
        assertThat(back.labels()).containsExactly(d.labels());
        assertThat(back.classNames()).isEqualTo(d.classNames());
    }

    @Property(tries = 200, seed = "20261127")
    void regressionRoundTrips(@ForAll("regressions") Dataset d) throws IOException {
        Dataset back = roundTrip(d, CsvFormat.DEFAULT.withHeader(CsvFormat.Header.NAMES).withTask(Task.REGRESSION));
        assertThat(back.features().data()).isEqualTo(d.features().data());
        assertThat(back.targets()).containsExactly(d.targets());
    }

    private static Dataset roundTrip(Dataset d, CsvFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter.write(d, out);
        return CsvReader.read(new ByteArrayInputStream(out.toByteArray()), "round.csv", format);
    }

    /** Any finite double, including extremes, negative zero and subnormals. */
    private static Arbitrary<Double> values() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 0.1));
    }

    private static Arbitrary<Tensor> features(int n, int d) {
        return values().array(double[].class).ofSize(n * d).map(x -> Tensor.of(x, n, d));
    }

    @Provide
    Arbitrary<Dataset> classifications() {
        Arbitrary<List<String>> names = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc, \"xyz").ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3))
                .list().ofMinSize(1).ofMaxSize(5).uniqueElements();
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 6), names)
                .flatAs((n, d, k) -> Combinators.combine(features(n, d),
                                Arbitraries.integers().between(0, k.size() - 1).array(int[].class).ofSize(n))
                        .as((x, y) -> Dataset.classification("c", x, y, k)));
    }

    @Provide
    Arbitrary<Dataset> wordClassifications() {
        Arbitrary<List<String>> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(2).ofMaxSize(5).uniqueElements();
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 6), names)
                .flatAs((n, d, k) -> Combinators.combine(features(n, d),
                                Arbitraries.integers().between(0, k.size() - 1).array(int[].class).ofSize(n))
                        .as((x, y) -> Dataset.classification("c", x, y, k)));
    }

    @Provide
    Arbitrary<Dataset> regressions() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 6))
                .flatAs((n, d) -> Combinators.combine(features(n, d), values().array(double[].class).ofSize(n),
                                Arbitraries.strings().withChars("pq ,\"").ofMinLength(1).ofMaxLength(4)
                                        .list().ofSize(d).uniqueElements())
                        .as((x, y, names) -> Dataset.regression("r", x, y).withFeatureNames(names)));
    }
}
