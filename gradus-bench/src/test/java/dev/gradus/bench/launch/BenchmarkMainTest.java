package dev.gradus.bench.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchmarkMainTest {

    @Test
    void readsMajorVersionsOfEveryScheme() {
        assertThat(BenchmarkMain.major("1.8")).isEqualTo(8);
        assertThat(BenchmarkMain.major("17")).isEqualTo(17);
        assertThat(BenchmarkMain.major("21")).isEqualTo(21);
        assertThat(BenchmarkMain.major("25-ea")).isEqualTo(25);
        assertThat(BenchmarkMain.major(null)).isZero();
        assertThat(BenchmarkMain.major("x")).isZero();
    }

    @Test
    void refusesOnlyJvmsOlderThan21InOneLine() {
        assertThat(BenchmarkMain.problem("21", "/jdk21")).isNull();
        assertThat(BenchmarkMain.problem("25", "/jdk25")).isNull();
        assertThat(BenchmarkMain.problem("17", "/usr/lib/jvm/java-17")).isEqualTo("gradus-benchmarks: needs Java 21 or"
                + " newer, but /usr/lib/jvm/java-17 is Java 17; run ./gradus bench jmh [options], which finds a JDK 21+");
        assertThat(BenchmarkMain.problem("1.8", "/jre8")).doesNotContain("\n").contains("is Java 1.8");
    }

    @Test
    void theFilterDropsExactlyTheNoteLinesAndPassesPartialLinesAtOnce() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        IncubatorNoteFilter f = new IncubatorNoteFilter(sink);
        String note = IncubatorNoteFilter.NOTE + "\n";
        f.write((note + "# Fork: 1 of 1\n" + note).getBytes(StandardCharsets.US_ASCII));
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("# Fork: 1 of 1\n");
        f.write("Iteration   1: ".getBytes(StandardCharsets.US_ASCII));
        assertThat(sink.toString(StandardCharsets.US_ASCII)).as("a partial line is not held")
                .endsWith("Iteration   1: ");
        f.write("13.4 us/op\nWARNING: Using incubator modules: jdk.incubator.vector, jdk.other\n"
                .getBytes(StandardCharsets.US_ASCII));
        f.write("WARNING: A terminally deprecated method\n".getBytes(StandardCharsets.US_ASCII));
        f.write(("mid-line " + IncubatorNoteFilter.NOTE + "\n").getBytes(StandardCharsets.US_ASCII));
        f.write("WARNING: Using".getBytes(StandardCharsets.US_ASCII));
        f.close();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("# Fork: 1 of 1\nIteration   1: 13.4 us/op\n"
                + "WARNING: Using incubator modules: jdk.incubator.vector, jdk.other\n"
                + "WARNING: A terminally deprecated method\n"
                + "mid-line " + IncubatorNoteFilter.NOTE + "\n"
                + "WARNING: Using");
    }
}
