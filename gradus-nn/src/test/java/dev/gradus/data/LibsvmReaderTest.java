package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmReaderTest {
    @TempDir
    Path dir;

    static Dataset libsvm(String text, LibsvmFormat format) {
        return LibsvmReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "heart.libsvm", format);
    }

    static void assertError(String text, String message) {
        assertThatThrownBy(() -> libsvm(text, LibsvmFormat.DEFAULT)).isInstanceOf(DataException.class).hasMessage(message);
    }

    @Test
    void readsTheRealHeartScaleFileFromAPath() throws IOException {
        Path p = dir.resolve("heart_scale.libsvm");
        try (InputStream in = getClass().getResourceAsStream("/dev/gradus/data/datasets/heart_scale.libsvm")) {
            Files.copy(in, p);
        }
        Dataset d = LibsvmReader.read(p);
        assertThat(d.name()).isEqualTo("heart_scale");
        assertThat(d.size()).isEqualTo(270);
        assertThat(d.numFeatures()).isEqualTo(13); // the largest index in the file
        assertThat(d.classNames()).containsExactly("-1", "1");
        assertThat(d.classCounts()).containsExactly(150, 120);
        assertThat(d.feature(2, 10)).isEqualTo(-1.0); // line 3 has 11:-1
        assertThat(d.feature(0, 10)).isZero(); // line 1 has no index 11
    }

    @Test
    void sparseRowsBecomeDenseWithZeros() {
        Dataset d = libsvm("+1 1:0.5 3:2\n-1 2:-1.5   # a comment\n\n+1\n", LibsvmFormat.DEFAULT);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.numFeatures()).isEqualTo(3);
        assertThat(d.row(0)).containsExactly(0.5, 0, 2);
        assertThat(d.row(1)).containsExactly(0, -1.5, 0);
        assertThat(d.row(2)).containsExactly(0, 0, 0);
        assertThat(d.labels()).containsExactly(1, 0, 1);
    }

    @Test
    void aKnownDimensionWidensTheRows() {
        Dataset d = libsvm("1 2:1\n0 1:1\n", LibsvmFormat.DEFAULT.withDimension(5));
        assertThat(d.numFeatures()).isEqualTo(5);
        assertThat(d.classNames()).containsExactly("0", "1");
    }

    @Test
    void realLabelsMakeARegression() {
        Dataset d = libsvm("2.5 1:1\n-0.75 1:2\n", LibsvmFormat.DEFAULT);
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
        assertThat(d.targets()).containsExactly(2.5, -0.75);
    }

    @Test
    void qidTokensAreSkipped() {
        Dataset d = libsvm("1 qid:3 1:1 2:2\n", LibsvmFormat.DEFAULT);
        assertThat(d.row(0)).containsExactly(1, 2);
    }

    @Test
    void indexZeroIsNotOneBased() {
        assertError("+1 1:1\n".repeat(11) + "-1 0:0.5 2:1\n", "heart.libsvm:12: index 0 is not 1-based");
    }

    @Test
    void indicesMustIncrease() {
        assertError("+1 1:1\n-1 5:1 3:2\n", "heart.libsvm:2: index 3 does not follow index 5: indices must increase");
        assertError("+1 2:1 2:1\n", "heart.libsvm:1: index 2 does not follow index 2: indices must increase");
    }

    @Test
    void malformedPairsAndValues() {
        assertError("+1 1:1 2\n", "heart.libsvm:1: '2' is not an index:value pair");
        assertError("+1 a:1\n", "heart.libsvm:1: 'a:1': 'a' is not an index");
        assertError("+1 1:x\n", "heart.libsvm:1: index 1: 'x' is not a number");
        assertError("+1 1:\n", "heart.libsvm:1: index 1: empty cell where a number was expected");
        assertError("1:1 2:1\n", "heart.libsvm:1: the line starts with '1:1', expected a label before the index:value pairs");
        assertError("1,2 1:1\n", "heart.libsvm:1: multi-label '1,2' is not supported; each line needs one label");
    }

    @Test
    void indexBeyondTheKnownDimension() {
        assertThatThrownBy(() -> libsvm("1 1:1\n0 14:1\n", LibsvmFormat.DEFAULT.withDimension(13)))
                .isInstanceOf(DataException.class)
                .hasMessage("heart.libsvm:2: index 14 exceeds the dimension 13");
    }

    @Test
    void emptyFileHasNoRows() {
        assertError("# only a comment\n", "heart.libsvm: no data rows");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("heart.libsvm");
        assertThatThrownBy(() -> LibsvmReader.read(p)).isInstanceOf(DataException.class).hasMessage("no such file: " + p);
    }
}
