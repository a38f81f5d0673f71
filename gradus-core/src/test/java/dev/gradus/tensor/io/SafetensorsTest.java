package dev.gradus.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path tmp;

    /** A file image built by hand from the format description, as other writers produce it. */
    private static byte[] image(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    @Test
    void writesTheLayoutOtherToolsRead() throws IOException {
        Path f = tmp.resolve("w.safetensors");
        Safetensors.write(f, TensorMap.of("a", Tensor.of(new double[] {1.5, -2}, 2)), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header.strip()).isEqualTo(
                "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        assertThat(b.getDouble(8 + (int) n)).isEqualTo(1.5);
        assertThat(b.getDouble(16 + (int) n)).isEqualTo(-2.0);
        assertThat(bytes).hasSize(8 + (int) n + 16);
    }

    @Test
    void roundTripsTensorsMetadataAndIntegers() throws IOException {
        Path f = tmp.resolve("r.safetensors");
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Safetensors.write(f, List.of(Safetensors.f64("layer.weight", w), Safetensors.f64("s", Tensor.scalar(-0.0)),
                Safetensors.i64("count", new long[] {Long.MAX_VALUE})), Map.of("spec", "adam(lr=0.001)"));
        Safetensors.Contents c = Safetensors.read(f);
        assertThat(c.metadata()).containsEntry("spec", "adam(lr=0.001)");
        assertThat(c.entries().keySet()).containsExactly("layer.weight", "s", "count");
        assertThat(c.tensor("layer.weight").shape()).containsExactly(2, 3);
        assertThat(c.tensor("layer.weight").data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Double.doubleToRawLongBits(c.tensor("s").item())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(c.entry("count").toLongs()).containsExactly(Long.MAX_VALUE);
        assertThat(c.entry("count").shape()).isEmpty();
    }

    @Test
    void readsOtherDtypesAsDoubles() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(4 * 2 + 2 * 2 + 2 * 2 + 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        d.putFloat(0.5f).putFloat(-3f);
        d.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f));
        d.putShort((short) (Float.floatToIntBits(0.75f) >>> 16)).putShort((short) (Float.floatToIntBits(8f) >>> 16));
        d.putInt(-7);
        d.put((byte) 200);
        String header = "{\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[12,16]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[16,20]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[20,21]}}";
        Safetensors.Contents c = Safetensors.fromBytes("x", image(header, d.array()));
        assertThat(c.tensor("f").data()).containsExactly(0.5, -3);
        assertThat(c.tensor("h").data()).containsExactly(1.5, -2);
        assertThat(c.tensor("b").data()).containsExactly(0.75, 8);
        assertThat(c.tensor("i").item()).isEqualTo(-7);
        assertThat(c.tensor("u").data()).containsExactly(200);
        assertThat(c.metadata()).isEmpty();
    }

    @Test
    void refusesDamagedFilesSayingWhy() {
        byte[] ok = Safetensors.toBytes(List.of(Safetensors.f64("a", Tensor.vector(1, 2))), Map.of());
        assertThatThrownBy(() -> Safetensors.fromBytes("f", new byte[3])).isInstanceOf(IOException.class)
                .hasMessage("f: not a valid safetensors file: file has 3 bytes, too short for the 8-byte header length");
        assertThatThrownBy(() -> Safetensors.fromBytes("f", java.util.Arrays.copyOf(ok, ok.length - 1)))
                .hasMessageContaining("entry 'a' has data_offsets [0, 16] outside the 15 data bytes");
        assertThatThrownBy(() -> Safetensors.fromBytes("f", java.util.Arrays.copyOf(ok, ok.length + 1)))
                .hasMessageContaining("tensors cover 16 bytes of data but the file holds 17");
        byte[] huge = ok.clone();
        huge[7] = 0x7f;
        assertThatThrownBy(() -> Safetensors.fromBytes("f", huge)).hasMessageContaining("header length");
        assertThatThrownBy(() -> Safetensors.fromBytes("f", image("{not json", new byte[0])))
                .hasMessageContaining("header is not valid JSON");
        assertThatThrownBy(() -> Safetensors.fromBytes("f",
                image("{\"a\":{\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])))
                .hasMessageContaining("unknown dtype Q8");
        assertThatThrownBy(() -> Safetensors.fromBytes("f",
                image("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8])))
                .hasMessageContaining("'a' has 8 bytes but shape [2] of F64 needs 16");
        assertThatThrownBy(() -> Safetensors.fromBytes("f", image("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],"
                + "\"data_offsets\":[0,1]},\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[2])))
                .hasMessageContaining("overlaps");
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = tmp.resolve("a.safetensors");
        Safetensors.write(f, TensorMap.of("a", Tensor.vector(1)), Map.of());
        Safetensors.write(f, TensorMap.of("a", Tensor.vector(2)), Map.of());
        assertThat(Safetensors.read(f).tensor("a").item()).isEqualTo(2);
        Path dir = tmp.resolve("dir.safetensors");
        Files.createDirectories(dir.resolve("child"));
        assertThatThrownBy(() -> Safetensors.write(dir, TensorMap.of("a", Tensor.vector(3)), Map.of()))
                .isInstanceOf(IOException.class);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.safetensors", "dir.safetensors");
        }
    }

    @Test
    void anEntryTooLargeForOneBufferIsRefusedByNameRatherThanOverflowing() {
        // 300M values of 8 bytes overflow an int: this used to be a negative capacity deep in ByteBuffer
        assertThatThrownBy(() -> Safetensors.entryBytes("0.weight", 300_000_000L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("safetensors: tensor '0.weight' has 300000000 values, more than the 268435454 one entry can"
                        + " hold");
        assertThat(Safetensors.entryBytes("w", 3)).isEqualTo(24);
    }
}
