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
        })).hasMessage("cannot write " + f + ": disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir.resolve("child"));
        assertThatThrownBy(() -> AtomicFiles.write(dir, new byte[1])).isInstanceOf(IOException.class);
        assertThat(names(tmp)).containsExactlyInAnyOrder("keep.txt", "dir");
    }

    @Test
    void aGroupReplacesAllItsFilesOrNoneOfThem() throws IOException {
        Path a = tmp.resolve("a.txt");
        Path b = tmp.resolve("b.txt");
        AtomicFiles.write(a, "a1".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(b, "b1".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> {
            try (AtomicFiles.Group g = AtomicFiles.group()) {
                g.add(a, "a2".getBytes(StandardCharsets.UTF_8));
                g.add(b, out -> {
                    out.write('b');
                    throw new IOException("No space left on device");
                });
                g.commit();
            }
        }).hasMessage("cannot write " + b + ": No space left on device");
        assertThat(Files.readString(a)).isEqualTo("a1");
        assertThat(Files.readString(b)).isEqualTo("b1");
        assertThat(names(tmp)).containsExactlyInAnyOrder("a.txt", "b.txt");

        try (AtomicFiles.Group g = AtomicFiles.group()) {
            g.add(a, "a3".getBytes(StandardCharsets.UTF_8)).add(b, "b3".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(a)).as("nothing visible before commit").isEqualTo("a1");
            g.commit();
        }
        assertThat(Files.readString(a) + Files.readString(b)).isEqualTo("a3b3");
        assertThat(names(tmp)).containsExactlyInAnyOrder("a.txt", "b.txt");
    }

    @Test
    void orphanedTemporariesAreRemovedAndNothingElse() throws IOException {
        Files.writeString(tmp.resolve(".checkpoint-optimizer-7.safetensors.4242.1.3.tmp"), "half");
        Files.writeString(tmp.resolve("notes.tmp"), "a user's file, not hidden");
        Files.writeString(tmp.resolve(".hidden"), "kept");
        assertThat(AtomicFiles.removeOrphans(tmp)).isEqualTo(1);
        assertThat(names(tmp)).containsExactlyInAnyOrder("notes.tmp", ".hidden");
        assertThat(AtomicFiles.removeOrphans(tmp.resolve("missing"))).isZero();
    }

    @Test
    void aMissingParentThatIsAFileIsNamed() throws IOException {
        Path file = tmp.resolve("plain");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("out.json"), new byte[1]))
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot create directory " + file);
    }

    private static Stream<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
