package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file: magic 0x0000TTRR, big-endian dims, then the data bytes. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt((type << 8) | dims.length);
        for (int dim : dims) {
            b.putInt(dim);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Two 2x3 images with pixels 0..11 (image 1 is 255 - those) and labels 7, 2. */
    static byte[][] tinyMnist() {
        byte[] pixels = new byte[12];
        for (int i = 0; i < 6; i++) {
            pixels[i] = (byte) i;
            pixels[6 + i] = (byte) (255 - i);
        }
        return new byte[][] {idx(0x08, new int[] {2, 2, 3}, pixels), idx(0x08, new int[] {2}, new byte[] {7, 2})};
    }

    static Dataset read(byte[] images, byte[] labels) {
        return IdxReader.read(new ByteArrayInputStream(images), "images.idx", new ByteArrayInputStream(labels), "labels.idx");
    }

    static void assertError(byte[] images, byte[] labels, String message) {
        assertThatThrownBy(() -> read(images, labels)).isInstanceOf(DataException.class).hasMessage(message);
    }

    @Test
    void imagesAreFlattenedScaledAndShapedForConvolutions() {
        byte[][] f = tinyMnist();
        Dataset d = read(f[0], f[1]);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.numFeatures()).isEqualTo(6);
        assertThat(d.sampleShape()).containsExactly(1, 2, 3);
        assertThat(d.row(0)).containsExactly(0, 1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0, 5 / 255.0);
        assertThat(d.feature(1, 0)).isEqualTo(1.0);
        assertThat(d.classNames()).containsExactly("2", "7");
        assertThat(d.labels()).containsExactly(1, 0);
        Tensor s = d.samples();
        assertThat(s.shape()).containsExactly(2, 1, 2, 3);
        assertThat(s.get(0, 0, 1, 2)).isEqualTo(5 / 255.0);
    }

    @Test
    void gzipFilesOnDisk() throws IOException {
        byte[][] f = tinyMnist();
        Path im = dir.resolve("train-images-idx3-ubyte.gz");
        Path lb = dir.resolve("train-labels-idx1-ubyte.gz");
        Files.write(im, gzip(f[0]));
        Files.write(lb, gzip(f[1]));
        Dataset d = IdxReader.read(im, lb);
        assertThat(d.name()).isEqualTo("train");
        assertThat(d.size()).isEqualTo(2);
    }

    @Test
    void readTensorKeepsRawValuesOfEveryElementType() {
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-3).putInt(70000);
        Tensor t = IdxReader.readTensor(new ByteArrayInputStream(idx(0x0C, new int[] {2}, ints.array())), "ints.idx");
        assertThat(t.data()).containsExactly(-3, 70000);
        ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(0.1).putDouble(-2.5);
        Tensor u = IdxReader.readTensor(new ByteArrayInputStream(idx(0x0E, new int[] {1, 2}, doubles.array())), "d.idx");
        assertThat(u.shape()).containsExactly(1, 2);
        assertThat(u.data()).containsExactly(0.1, -2.5);
        Tensor b = IdxReader.readTensor(new ByteArrayInputStream(idx(0x09, new int[] {2}, new byte[] {-1, 5})), "b.idx");
        assertThat(b.data()).containsExactly(-1, 5);
        Tensor ub = IdxReader.readTensor(new ByteArrayInputStream(idx(0x08, new int[] {2}, new byte[] {-1, 5})), "u.idx");
        assertThat(ub.data()).containsExactly(255, 5);
    }

    @Test
    void badMagicNumber() {
        byte[][] f = tinyMnist();
        byte[] bad = f[0].clone();
        bad[0] = 0x12;
        assertError(bad, f[1], "images.idx: bad magic number 0x12000803: not an IDX file"
                + " (expected 0x0000TTRR, such as 2051 for images or 2049 for labels)");
    }

    @Test
    void unknownElementType() {
        byte[][] f = tinyMnist();
        byte[] bad = f[0].clone();
        bad[2] = 0x0A;
        assertError(bad, f[1], "images.idx: magic number 0x00000a03: unknown IDX element type 0x0a");
    }

    @Test
    void labelsGivenAsImagesAreRefused() {
        byte[][] f = tinyMnist();
        assertError(f[1], f[1], "images.idx: magic number 2049 (0x00000801) is not an images file: expected 2051"
                + " (0x00000803)");
        assertError(f[0], f[0], "labels.idx: magic number 2051 (0x00000803) is not a labels file: expected 2049"
                + " (0x00000801)");
    }

    @Test
    void truncatedData() {
        byte[][] f = tinyMnist();
        assertError(Arrays.copyOf(f[0], f[0].length - 1), f[1],
                "images.idx: truncated: the header announces 12 bytes of data, found 11");
    }

    @Test
    void truncatedHeader() {
        byte[][] f = tinyMnist();
        assertError(Arrays.copyOf(f[0], 9), f[1], "images.idx: truncated IDX header: 9 bytes, expected 16 for rank 3");
        assertError(new byte[] {0, 0}, f[1], "images.idx: truncated IDX header: 2 bytes, expected at least 4");
    }

    @Test
    void trailingBytes() {
        byte[][] f = tinyMnist();
        assertError(f[0], Arrays.copyOf(f[1], f[1].length + 1),
                "labels.idx: more data than the 2 bytes the header announces");
    }

    @Test
    void countsMustAgree() {
        byte[][] f = tinyMnist();
        byte[] threeLabels = idx(0x08, new int[] {3}, new byte[] {1, 2, 3});
        assertError(f[0], threeLabels, "labels.idx: 3 labels, but images.idx has 2 images");
    }

    @Test
    void truncatedGzipFile() throws IOException {
        byte[][] f = tinyMnist();
        byte[] gz = gzip(f[0]);
        Path im = dir.resolve("t-images-idx3-ubyte.gz");
        Path lb = dir.resolve("t-labels-idx1-ubyte");
        Files.write(im, Arrays.copyOf(gz, gz.length - 6));
        Files.write(lb, f[1]);
        assertThatThrownBy(() -> IdxReader.read(im, lb))
                .isInstanceOf(DataException.class)
                .hasMessage(im + ": truncated gzip data (the file ends too early)");
    }
}
