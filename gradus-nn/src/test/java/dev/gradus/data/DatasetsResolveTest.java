package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Datasets#resolve}: what {@code gradus train --data NAME|PATH [--format F] [--label-column K]} does. */
class DatasetsResolveTest {
    @TempDir
    Path dir;

    private static final Optional<DataFormat> NO_FORMAT = Optional.empty();
    private static final Optional<LabelColumn> NO_LABEL = Optional.empty();

    @Test
    void bundledNames() {
        assertThat(Datasets.resolve("iris").size()).isEqualTo(150);
        assertThatThrownBy(() -> Datasets.resolve("iris", Optional.of(DataFormat.CSV), NO_LABEL))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("'iris' is a bundled data set with a fixed format and label");
    }

    @Test
    void csvPathWithALabelColumn() throws IOException {
        Path p = dir.resolve("prices.csv");
        Files.writeString(p, "price,a,b\n10.5,1,2\n20.5,3,4\n");
        Dataset d = Datasets.resolve(p.toString(), NO_FORMAT, Optional.of(LabelColumn.parse("price")));
        assertThat(d.name()).isEqualTo("prices");
        assertThat(d.targets()).containsExactly(10.5, 20.5);
        Dataset byIndex = Datasets.resolve(p.toString(), NO_FORMAT, Optional.of(LabelColumn.parse("0")));
        assertThat(byIndex.featureNames()).containsExactly("a", "b");
    }

    @Test
    void formatFromTheFileNameOrGiven() throws IOException {
        Path svm = dir.resolve("heart.svm");
        Files.writeString(svm, "+1 1:0.5\n-1 2:1\n");
        assertThat(Datasets.resolve(svm.toString()).numFeatures()).isEqualTo(2);
        Path csvNamedSvm = dir.resolve("table.svm");
        Files.writeString(csvNamedSvm, "1,2,0\n3,4,1\n");
        assertThat(Datasets.resolve(csvNamedSvm.toString(), Optional.of(DataFormat.parse("csv")), NO_LABEL).size())
                .isEqualTo(2);
        assertThatThrownBy(() -> Datasets.resolve(svm.toString(), NO_FORMAT, Optional.of(LabelColumn.index(0))))
                .isInstanceOf(DataException.class)
                .hasMessage("a label column applies to CSV files only, not to libsvm files");
    }

    @Test
    void formatFromTheContentWhenTheNameDoesNotTell() throws IOException {
        Path heart = dir.resolve("heart_scale");
        Files.writeString(heart, "\n+1 1:0.5 3:1\n-1 2:1\n");
        assertThat(Datasets.resolve(heart.toString()).numFeatures()).isEqualTo(3);
        Path table = dir.resolve("table.dat");
        Files.writeString(table, "a,b,label\n1,2,0\n");
        assertThat(Datasets.resolve(table.toString()).featureNames()).containsExactly("a", "b");
        byte[][] f = IdxReaderTest.tinyMnist();
        Path images = dir.resolve("images.bin");
        Files.write(images, f[0]);
        Files.write(dir.resolve("labels.bin"), f[1]);
        assertThat(Datasets.resolve(images.toString()).size()).isEqualTo(2);
        Path unclear = dir.resolve("notes");
        Files.writeString(unclear, "hello\n");
        assertThatThrownBy(() -> Datasets.resolve(unclear.toString()))
                .isInstanceOf(DataException.class)
                .hasMessage(unclear + ": cannot tell the format from the file name or its first line; give it"
                        + " (csv, libsvm or idx)");
    }

    @Test
    void csvDelimiterFromTheFirstLine() throws IOException {
        Path tsv = dir.resolve("t.tsv");
        Files.writeString(tsv, "a\tb\tlabel\n1\t2\t0\n");
        assertThat(Datasets.resolve(tsv.toString()).featureNames()).containsExactly("a", "b");
        Path euro = dir.resolve("e.csv");
        Files.writeString(euro, "1;2;0\n3;4;1\n");
        assertThat(Datasets.resolve(euro.toString()).row(1)).containsExactly(3, 4);
    }

    @Test
    void aGivenTaskOverridesTheGuess() throws IOException {
        Path counts = dir.resolve("counts.csv");
        Files.writeString(counts, "0.5,3\n1.5,7\n");
        assertThat(Datasets.resolve(counts.toString()).task()).isEqualTo(Task.CLASSIFICATION);
        Dataset r = Datasets.resolve(counts.toString(), NO_FORMAT, NO_LABEL, Task.REGRESSION);
        assertThat(r.targets()).containsExactly(3, 7);
        assertThat(Datasets.resolve("iris", NO_FORMAT, NO_LABEL, Task.CLASSIFICATION).size()).isEqualTo(150);
        assertThatThrownBy(() -> Datasets.resolve("iris", NO_FORMAT, NO_LABEL, Task.REGRESSION))
                .isInstanceOf(DataException.class)
                .hasMessage("'iris' is a classification data set, not a regression");
    }

    @Test
    void unknownFormatName() {
        assertThatThrownBy(() -> DataFormat.parse("xlsx")).isInstanceOf(DataException.class)
                .hasMessage("unknown data format 'xlsx': expected csv, libsvm or idx");
    }

    @Test
    void missingFilesAndUnknownNames() {
        assertThatThrownBy(() -> Datasets.resolve("irsi")).isInstanceOf(DataException.class)
                .hasMessage("no such file: irsi (and no bundled data set of that name; they are digits, iris,"
                        + " breast_cancer, wine, heart_scale, mnist10k)");
        Path missing = dir.resolve("data.csv");
        assertThatThrownBy(() -> Datasets.resolve(missing.toString())).isInstanceOf(DataException.class)
                .hasMessage("no such file: " + missing);
    }

    @Test
    void idxImagesFindTheirLabelsByTheMnistNaming() throws IOException {
        byte[][] f = IdxReaderTest.tinyMnist();
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(images, IdxReaderTest.gzip(f[0]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), f[1]); // not compressed: found without .gz
        Dataset d = Datasets.resolve(images.toString());
        assertThat(d.name()).isEqualTo("train");
        assertThat(d.size()).isEqualTo(2);
        assertThat(Datasets.labelsFileFor(images)).isEqualTo(dir.resolve("train-labels-idx1-ubyte"));
    }

    @Test
    void idxPairGivenExplicitly() throws IOException {
        byte[][] f = IdxReaderTest.tinyMnist();
        Path images = dir.resolve("a.bin");
        Path labels = dir.resolve("b.bin");
        Files.write(images, f[0]);
        Files.write(labels, f[1]);
        Dataset d = Datasets.resolve(images + "," + labels, Optional.of(DataFormat.IDX), NO_LABEL);
        assertThat(d.labels()).containsExactly(1, 0);
    }

    @Test
    void idxWithoutALabelsFile() throws IOException {
        byte[][] f = IdxReaderTest.tinyMnist();
        Path images = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(images, f[0]);
        assertThatThrownBy(() -> Datasets.resolve(images.toString())).isInstanceOf(DataException.class)
                .hasMessage(images + ": no labels file beside it: looked for " + dir.resolve("t10k-labels-idx1-ubyte")
                        + " and " + dir.resolve("t10k-labels-idx1-ubyte.gz") + "; or give both as IMAGES,LABELS");
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        assertThatThrownBy(() -> Datasets.labelsFileFor(labels)).isInstanceOf(DataException.class)
                .hasMessageContaining("this looks like a labels file: give the images file");
    }

    @Test
    void formatsFromFileNames() {
        assertThat(DataFormat.fromFileName("digits.csv.gz")).contains(DataFormat.CSV);
        assertThat(DataFormat.fromFileName("a.libsvm")).contains(DataFormat.LIBSVM);
        assertThat(DataFormat.fromFileName("train-images-idx3-ubyte.gz")).contains(DataFormat.IDX);
        assertThat(DataFormat.fromFileName("t10k-images.idx3-ubyte")).contains(DataFormat.IDX);
        assertThat(DataFormat.fromFileName("heart_scale")).isEmpty();
    }
}
