package dev.gradus.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void writesReplacesAndCreatesParentDirectories() throws IOException {
        Path f = tmp.resolve("a/b/out.txt");
        AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(f, "two".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(f)).isEqualTo("two");
        assertThat(names(f.getParent())).containsExactly("out.txt");
    }

    @Test
    void aContentThatClosesItsWrapperStillGetsFlushedAndRenamed() throws IOException {
        Path f = tmp.resolve("x.gz");
        AtomicFiles.write(f, out -> {
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write("hello".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousFileAndLeavesNoTemporary() throws IOException {
        Path f = tmp.resolve("keep.txt");
        AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir.resolve("child"));
        assertThatThrownBy(() -> AtomicFiles.write(dir, new byte[1])).isInstanceOf(IOException.class);
        assertThat(names(tmp)).containsExactlyInAnyOrder("keep.txt", "dir");
    }

    private static Stream<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
