package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    static Dataset csv(String text, CsvFormat format) {
        return CsvReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "data.csv", format);
    }

    static Dataset csv(String text) {
        return csv(text, CsvFormat.DEFAULT);
    }

    static void assertError(String text, CsvFormat format, String message) {
        assertThatThrownBy(() -> csv(text, format)).isInstanceOf(DataException.class).hasMessage(message);
    }

    static void assertError(String text, String message) {
        assertError(text, CsvFormat.DEFAULT, message);
    }

    @Test
    void aReadReportsItsProgressUpToTheFileSize() throws IOException {
        StringBuilder text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(',').append(-i).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("progress.csv"), text);
        List<Long> seen = new ArrayList<>();
        Dataset d = Datasets.resolve(file.toString(), Optional.empty(), Optional.empty(), Task.AUTO, seen::add);
        assertThat(d.size()).isEqualTo(20_000);
        assertThat(seen).hasSizeGreaterThan(2).isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(Files.size(file));
    }

    @Test
    void aWordAmongNumericLabelsIsRefusedNamingBothLines() {
        assertError("1,2,0\n3,4,1\n5,6,?\n7,8,1\n", "data.csv:3: label '?' is not a number, but the label at line 1"
                + " is the number '0': a label column holds numbers or class names, not both; fix the file or choose"
                + " another label column");
    }

    private Path resourceCopy(String file) throws IOException {
        Path p = dir.resolve(file);
        try (InputStream in = CsvReaderTest.class.getResourceAsStream("/dev/gradus/data/datasets/" + file)) {
            Files.copy(in, p);
        }
        return p;
    }

    // ---- real files, read from paths as a user would

    @Test
    void readsIrisFromAPathDetectingTheScikitLearnHeader() throws IOException {
        Dataset d = CsvReader.read(resourceCopy("iris.csv"));
        assertThat(d.name()).isEqualTo("iris");
        assertThat(d.size()).isEqualTo(150);
        assertThat(d.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.classCounts()).containsExactly(50, 50, 50);
    }

    @Test
    void readsGzippedDigitsFromAPathDetectingNoHeader() throws IOException {
        Dataset d = CsvReader.read(resourceCopy("digits.csv.gz"));
        assertThat(d.name()).isEqualTo("digits");
        assertThat(d.size()).isEqualTo(1797);
        assertThat(d.numFeatures()).isEqualTo(64);
        assertThat(d.numClasses()).isEqualTo(10);
    }

    @Test
    void readsWineAndBreastCancerWithAutoDetection() throws IOException {
        assertThat(CsvReader.read(resourceCopy("wine_data.csv")).classCounts()).containsExactly(59, 71, 48);
        assertThat(CsvReader.read(resourceCopy("breast_cancer.csv")).classNames()).containsExactly("malignant", "benign");
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> CsvReader.read(missing))
                .isInstanceOf(DataException.class)
                .hasMessage("no such file: " + missing);
    }

    @Test
    void directoryIsNotADataFile() {
        assertThatThrownBy(() -> CsvReader.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessage(dir + ": is a directory, not a data file");
    }

    // ---- headers

    @Test
    void headerNamesAreDetectedAndKeptAsFeatureNames() {
        Dataset d = csv("a,b,label\n1,2,0\n3,4,1\n");
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.row(1)).containsExactly(3, 4);
    }

    @Test
    void noHeaderIsDetectedWhenTheFirstLineIsNumeric() {
        Dataset d = csv("1,2,0\n3,4,1\n");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureNames()).containsExactly("x0", "x1");
    }

    @Test
    void stringLabelsWithoutHeaderAreNotMistakenForAHeader() {
        Dataset d = csv("5.1,3.5,setosa\n6.2,3.4,virginica\n5.0,3.0,setosa\n");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("setosa", "virginica");
        assertThat(d.labels()).containsExactly(0, 1, 0);
    }

    @Test
    void numericColumnNamesWithANamedLabelAreAHeader() {
        Dataset d = csv("1,2,label\n0.5,0.25,1\n");
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.featureNames()).containsExactly("1", "2");
    }

    @Test
    void explicitNoHeaderReadsTheFirstLineAsData() {
        assertError("a,b,0\n1,2,1\n", CsvFormat.DEFAULT.withHeader(CsvFormat.Header.NONE),
                "data.csv:1: column 1: 'a' is not a number");
    }

    @Test
    void explicitNamesHeaderSkipsANumericFirstLine() {
        Dataset d = csv("1,2,3\n4,5,6\n", CsvFormat.DEFAULT.withHeader(CsvFormat.Header.NAMES));
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.featureNames()).containsExactly("1", "2");
    }

    @Test
    void scikitLearnHeaderWithNumericClassNamesIsDetectedByItsColumnCount() {
        Dataset d = csv("2,3,10,20,30\n1,2,3,0\n4,5,6,1\n");
        assertThat(d.numFeatures()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("10", "20", "30");
        assertThat(d.labels()).containsExactly(0, 1);
    }

    @Test
    void scikitLearnHeaderChecksTheRowCount() {
        assertError("3,2,a,b\n1,2,0\n3,4,1\n", "data.csv: the header declares 3 rows, found 2");
    }

    @Test
    void scikitLearnHeaderChecksTheFeatureCount() {
        assertError("2,2,a,b\n1,2,0\n3,4,5,1\n", "data.csv:3: expected 3 numeric columns, found 4");
    }

    @Test
    void scikitLearnHeaderRequiresClassIdsInRange() {
        assertError("2,2,a,b\n1,2,0\n3,4,2\n",
                "data.csv:3: label '2' is not a class id 0..1 (the header names 2 classes)");
    }

    @Test
    void explicitScikitLearnHeaderMustStartWithCounts() {
        assertError("x,2,a,b\n1,2,0\n", CsvFormat.DEFAULT.withHeader(CsvFormat.Header.SKLEARN),
                "data.csv:1: scikit-learn header: 'x' is not a row count (the first line should be 'n,d,class names...')");
    }

    @Test
    void repeatedColumnNamesAreAnError() {
        assertError("a,a,label\n1,2,0\n", "data.csv:1: the header repeats a column name: a, a, label");
    }

    // ---- label columns

    @Test
    void labelColumnByIndexFromTheStart() {
        Dataset d = csv("0,1.5,2.5\n1,3.5,4.5\n", CsvFormat.DEFAULT.withLabelColumn(LabelColumn.index(0)));
        assertThat(d.labels()).containsExactly(0, 1);
        assertThat(d.row(1)).containsExactly(3.5, 4.5);
    }

    @Test
    void labelColumnByNegativeIndex() {
        Dataset d = csv("1.5,0,2.5\n3.5,1,4.5\n", CsvFormat.DEFAULT.withLabelColumn(LabelColumn.index(-2)));
        assertThat(d.labels()).containsExactly(0, 1);
        assertThat(d.row(0)).containsExactly(1.5, 2.5);
    }

    @Test
    void labelColumnByName() {
        Dataset d = csv("a,price,b\n1,10.5,2\n3,20.25,4\n", CsvFormat.DEFAULT.withLabelColumn(LabelColumn.named("price")));
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
        assertThat(d.targets()).containsExactly(10.5, 20.25);
        assertThat(d.featureNames()).containsExactly("a", "b");
    }

    @Test
    void labelColumnErrors() {
        assertError("1,2,3\n", CsvFormat.DEFAULT.withLabelColumn(LabelColumn.index(3)),
                "data.csv: label column 3 is out of range for 3 columns (valid: 0..2, or -1..-3 from the end)");
        assertError("a,b\n1,2\n", CsvFormat.DEFAULT.withLabelColumn(LabelColumn.named("c")),
                "data.csv: no column named 'c'; the columns are a, b");
        assertError("1,2\n3,4\n", CsvFormat.DEFAULT.withHeader(CsvFormat.Header.NONE).withLabelColumn(LabelColumn.named("c")),
                "data.csv: label column 'c' is a name, but the file has no header line with column names");
    }

    @Test
    void labelColumnParsesIndicesAndNames() {
        assertThat(LabelColumn.parse("-1")).isEqualTo(LabelColumn.last());
        assertThat(LabelColumn.parse(" 4 ")).isEqualTo(LabelColumn.index(4));
        assertThat(LabelColumn.parse("species")).isEqualTo(LabelColumn.named("species"));
    }

    // ---- labels and tasks

    @Test
    void realLabelsMakeARegressionAndIntegerLabelsAClassification() {
        assertThat(csv("1,0.5\n2,1.5\n").task()).isEqualTo(Task.REGRESSION);
        assertThat(csv("1,3\n2,1\n").task()).isEqualTo(Task.CLASSIFICATION);
        Dataset forced = csv("1,3\n2,1\n", CsvFormat.DEFAULT.withTask(Task.REGRESSION));
        assertThat(forced.targets()).containsExactly(3.0, 1.0);
    }

    @Test
    void numericClassLabelsAreNumberedInOrderAndNamedCanonically() {
        Dataset d = csv("1,+1\n2,-1\n3,1.0\n4,3\n");
        assertThat(d.classNames()).containsExactly("-1", "1", "3");
        assertThat(d.labels()).containsExactly(1, 0, 1, 2);
    }

    @Test
    void regressionLabelsMustBeNumbers() {
        assertError("1,2.5\n2,abc\n", CsvFormat.DEFAULT.withTask(Task.REGRESSION),
                "data.csv:2: label: 'abc' is not a number (the task is regression)");
    }

    @Test
    void emptyLabelIsAnError() {
        assertError("1,2\n3,\n", "data.csv:2: the label is empty");
    }

    // ---- malformed lines

    @Test
    void wrongColumnCountNamesTheLine() {
        StringBuilder sb = new StringBuilder();
        for (int line = 1; line <= 20; line++) {
            int cols = line == 17 ? 64 : 65;
            for (int j = 0; j < cols; j++) {
                sb.append(j == 0 ? "" : ",").append(j == cols - 1 ? line % 3 : j);
            }
            sb.append('\n');
        }
        assertError(sb.toString(), "data.csv:17: expected 65 numeric columns, found 64");
    }

    @Test
    void wrongColumnCountWithClassNamesAsLabelsDoesNotSayNumeric() {
        assertError("1,2,x\n3,4,y\n5,z\n", "data.csv:3: expected 3 columns, found 2");
    }

    @Test
    void nonNumericCellNamesLineAndColumn() {
        assertError("1,2,3,4,5,0\n1,2,3,4,5,1\n1,2,3,4,abc,1\n", "data.csv:3: column 5: 'abc' is not a number");
    }

    @Test
    void nonNumericCellNamesTheColumnNameWhenThereIsOne() {
        assertError("a,b,label\n1,2,0\n1,x,0\n", "data.csv:3: column 2 (b): 'x' is not a number");
    }

    @Test
    void notANumberAndInfinityAndEmptyCellsAreRejected() {
        assertError("1,2,0\nNaN,2,0\n", "data.csv:2: column 1: 'NaN' is not a number");
        assertError("1,2,0\n1,Infinity,0\n", "data.csv:2: column 2: 'Infinity' is not a number");
        assertError("1,2,0\n1,1e999,0\n", "data.csv:2: column 2: '1e999' is too large for a double");
        assertError("1,2,0\n1,,0\n", "data.csv:2: column 2: empty cell where a number was expected");
        assertError("1,2,0\n1,2d,0\n", "data.csv:2: column 2: '2d' is not a number");
        assertError("1,2,0\n1,0x10,0\n", "data.csv:2: column 2: '0x10' is not a number");
    }

    @Test
    void lineNumbersCountBlankLines() {
        assertError("1,2,0\n\n\n1,2\n", "data.csv:4: expected 3 numeric columns, found 2");
    }

    @Test
    void emptyInputIsAnError() {
        assertError("", "data.csv: empty file, no data rows");
        assertError("\n  \n", "data.csv: empty file, no data rows");
        assertError("a,b,label\n", "data.csv: no data rows");
    }

    @Test
    void aSingleColumnHasNoFeatures() {
        assertError("1\n2\n", "data.csv: only one column; a data set needs feature columns and a label");
    }

    @Test
    void unclosedQuoteIsAnError() {
        assertError("a,b,label\n1,\"2,0\n", "data.csv:2: column 2: the quote opened at character 3 is not closed");
    }

    // ---- lexical details

    @Test
    void quotedCellsSpacesBlankLinesAndBom() {
        Dataset d = csv("\uFEFF\"a, one\", b ,label\n\n 1 , \"2\" , x\n3,4,\"y, z\"\n\n");
        assertThat(d.featureNames()).containsExactly("a, one", "b");
        assertThat(d.row(0)).containsExactly(1, 2);
        assertThat(d.classNames()).containsExactly("x", "y, z");
    }

    @Test
    void otherDelimiters() {
        Dataset d = csv("1;2;0\n3;4;1\n", CsvFormat.DEFAULT.withDelimiter(';'));
        assertThat(d.row(1)).containsExactly(3, 4);
        Dataset t = csv("a\tb\tc\n1\t2\t0\n", CsvFormat.DEFAULT.withDelimiter('\t'));
        assertThat(t.featureNames()).containsExactly("a", "b");
    }

    @Test
    void gzipStreamsAreDetectedByContent() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvReader.read(new ByteArrayInputStream(bytes.toByteArray()), "x.csv", CsvFormat.DEFAULT);
        assertThat(d.size()).isEqualTo(2);
    }

    @Test
    void truncatedGzipIsAnError() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 1000; i++) {
                gz.write(("1," + i + ",0\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        Path file = dir.resolve("cut.csv.gz");
        Files.write(file, cut);
        assertThatThrownBy(() -> CsvReader.read(file))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": truncated gzip data (the file ends too early)");
    }
}
