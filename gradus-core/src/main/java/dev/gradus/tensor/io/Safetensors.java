package dev.gradus.tensor.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face), so that weights and optimizer state load in PyTorch
 * ({@code safetensors.torch.load_file}) and vice versa.
 *
 * <p>Layout: an unsigned little-endian 64-bit header length {@code N}; {@code N} bytes of UTF-8 JSON
 * mapping each tensor name to {@code {"dtype": "F64", "shape": [2, 3], "data_offsets": [begin, end]}}
 * plus an optional {@code "__metadata__"} object of string to string; then the tensor bytes,
 * little-endian, row-major, offsets relative to the end of the header. The header is padded with spaces
 * to a multiple of 8 bytes so the data is aligned.
 *
 * <p>Writes go to a temporary file in the same directory, which is forced to disk and then renamed over
 * the target, so an interrupted write never leaves a truncated file. Reads validate the whole header
 * (dtypes, shapes, offsets that tile the data exactly) before returning anything, and refuse a damaged
 * file with a message naming the file and the problem.
 *
 * <pre>{@code
 * Safetensors.write(path, params, Map.of("format", "pt"));
 * TensorMap back = Safetensors.read(path).tensors();     // F32/F16/BF16/integer entries convert to float64
 * }</pre>
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final String METADATA = "__metadata__";

    private Safetensors() {}

    /** The element types of the format. Gradus writes {@code F64} and {@code I64}; it reads all of them. */
    public enum DType {
        /** IEEE double. */
        F64(8),
        /** IEEE single. */
        F32(4),
        /** IEEE half. */
        F16(2),
        /** bfloat16. */
        BF16(2),
        /** Signed 64-bit integer. */
        I64(8),
        /** Signed 32-bit integer. */
        I32(4),
        /** Signed 16-bit integer. */
        I16(2),
        /** Signed 8-bit integer. */
        I8(1),
        /** Unsigned 8-bit integer. */
        U8(1),
        /** One byte, 0 or 1. */
        BOOL(1);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }
    }

    /**
     * One named tensor as stored: dtype, shape and its little-endian bytes (a read-only view).
     */
    public record Entry(String name, DType dtype, int[] shape, ByteBuffer data) {
        public Entry {
            data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The number of elements. */
        public long numel() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** The values converted to float64 (exact for every dtype but I64 beyond 2^53). */
        public double[] toDoubles() {
            int n = Math.toIntExact(numel());
            double[] out = new double[n];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            switch (dtype) {
                case F64 -> b.asDoubleBuffer().get(out);
                case F32 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getFloat(i * 4);
                    }
                }
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = Float.float16ToFloat(b.getShort(i * 2));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                    }
                }
                case I64, I32, I16, I8, U8, BOOL -> {
                    long[] ints = toLongs(); // every integer dtype decodes in one place
                    for (int i = 0; i < n; i++) {
                        out[i] = ints[i];
                    }
                }
            }
            return out;
        }

        /** The values of an integer entry, exactly. */
        public long[] toLongs() {
            int n = Math.toIntExact(numel());
            long[] out = new long[n];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            switch (dtype) {
                case I64 -> b.asLongBuffer().get(out);
                case I32 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getInt(i * 4);
                    }
                }
                case I16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getShort(i * 2);
                    }
                }
                case I8 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.get(i);
                    }
                }
                case U8, BOOL -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.get(i) & 0xff;
                    }
                }
                default -> throw new IllegalArgumentException("safetensors: '" + name + "' has dtype " + dtype
                        + ", expected an integer dtype");
            }
            return out;
        }

        /** The entry as a float64 tensor. */
        public Tensor toTensor() {
            return Tensor.of(toDoubles(), shape);
        }
    }

    /** The contents of a file: its metadata and its entries in file order. */
    public record Contents(Map<String, String> metadata, Map<String, Entry> entries) {
        public Contents {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The entry named {@code name}; the error lists the names present. */
        public Entry entry(String name) {
            Entry e = entries.get(name);
            if (e == null) {
                throw new IllegalArgumentException("safetensors: no tensor named '" + name + "'; names are "
                        + entries.keySet());
            }
            return e;
        }

        /** The entry named {@code name} as a float64 tensor. */
        public Tensor tensor(String name) {
            return entry(name).toTensor();
        }

        /** Every entry as a float64 tensor, in file order. */
        public TensorMap tensors() {
            TensorMap m = new TensorMap();
            entries.forEach((k, v) -> m.put(k, v.toTensor()));
            return m;
        }
    }

    /** An F64 entry holding {@code t} (not copied until written). */
    public static Entry f64(String name, Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(entryBytes(name, t.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(t.data());
        return new Entry(name, DType.F64, t.shape(), b);
    }

    /** The bytes of {@code values} 8-byte values of tensor {@code name}, refused when one buffer cannot hold them. */
    static int entryBytes(String name, long values) {
        if (values * 8 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors: tensor '" + name + "' has " + values + " values, more than"
                    + " the " + (Integer.MAX_VALUE - 8) / 8 + " one entry can hold");
        }
        return (int) (values * 8);
    }

    /** An I64 entry holding {@code values} with {@code shape}. */
    public static Entry i64(String name, long[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(entryBytes(name, values.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new Entry(name, DType.I64, shape.clone(), b);
    }

    /** Writes {@code tensors} as F64 with {@code metadata}, atomically. */
    public static void write(Path path, TensorMap tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(path, toBytes(tensors, metadata));
    }

    /** The file image of {@code tensors} as F64 with {@code metadata}. */
    public static byte[] toBytes(TensorMap tensors, Map<String, String> metadata) {
        List<Entry> entries = new ArrayList<>();
        tensors.forEach((k, v) -> entries.add(f64(k, v)));
        return toBytes(entries, metadata);
    }

    /** Writes {@code entries} (in order) with {@code metadata}, atomically. */
    public static void write(Path path, List<Entry> entries, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(path, toBytes(entries, metadata));
    }

    /** The file image of {@code entries} and {@code metadata}. */
    public static byte[] toBytes(List<Entry> entries, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Entry e : entries) {
            if (e.name().equals(METADATA) || header.has(e.name())) {
                throw new IllegalArgumentException("safetensors: tensor name '" + e.name() + "' is reserved or repeated");
            }
            long size = e.numel() * e.dtype().bytes();
            if (e.data().remaining() != size) {
                throw new IllegalArgumentException("safetensors: '" + e.name() + "' has " + e.data().remaining()
                        + " bytes, shape " + Arrays.toString(e.shape()) + " of " + e.dtype() + " needs " + size);
            }
            ObjectNode o = header.putObject(e.name());
            o.put("dtype", e.dtype().name());
            ArrayNode shape = o.putArray("shape");
            for (int d : e.shape()) {
                shape.add(d);
            }
            o.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        int padded = (json.length + 7) / 8 * 8;
        if (8 + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors: the file would hold " + (8 + padded + offset) + " bytes;"
                    + " this writer makes files of up to 2 GB (" + (Integer.MAX_VALUE - 8) + " bytes)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int k = json.length; k < padded; k++) {
            out.put((byte) ' ');
        }
        for (Entry e : entries) {
            out.put(e.data().duplicate());
        }
        return out.array();
    }

    /** Reads and validates a whole file. */
    public static Contents read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException(path + ": safetensors files over 2 GB are not supported yet (" + size + " bytes)");
        }
        return fromBytes(path.toString(), Files.readAllBytes(path));
    }

    /** Parses a file image; {@code source} names it in errors. */
    public static Contents fromBytes(String source, byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            throw corrupt(source, "file has " + bytes.length + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
            throw corrupt(source, "header length " + n + " does not fit in a file of " + bytes.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw corrupt(source, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw corrupt(source, "header is not a JSON object");
        }
        int dataStart = 8 + (int) n;
        long dataLen = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                if (!f.getValue().isObject()) {
                    throw corrupt(source, "__metadata__ is not an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = f.getValue().fields(); m.hasNext();) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw corrupt(source, "__metadata__ value of '" + kv.getKey() + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            Entry e = entry(source, f.getKey(), f.getValue(), buf, dataStart, dataLen, spans);
            entries.put(e.name(), e);
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long expected = 0;
        for (long[] s : spans) {
            if (s[0] != expected) {
                throw corrupt(source, "tensor data " + (s[0] < expected ? "overlaps" : "has a hole") + " at byte " + s[0]);
            }
            expected = s[1];
        }
        if (expected != dataLen) {
            throw corrupt(source, "tensors cover " + expected + " bytes of data but the file holds " + dataLen);
        }
        return new Contents(metadata, entries);
    }

    private static Entry entry(String source, String name, JsonNode o, ByteBuffer buf, int dataStart, long dataLen,
            List<long[]> spans) throws IOException {
        if (!o.isObject() || !o.path("dtype").isTextual() || !o.path("shape").isArray()
                || !o.path("data_offsets").isArray() || o.path("data_offsets").size() != 2) {
            throw corrupt(source, "entry '" + name + "' needs dtype, shape and data_offsets [begin, end]");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(o.get("dtype").asText());
        } catch (IllegalArgumentException ex) {
            throw corrupt(source, "entry '" + name + "' has unknown dtype " + o.get("dtype").asText() + "; known: "
                    + Arrays.toString(DType.values()));
        }
        int[] shape = new int[o.get("shape").size()];
        long numel = 1;
        for (int k = 0; k < shape.length; k++) {
            JsonNode d = o.get("shape").get(k);
            if (!d.canConvertToInt() || d.asInt() < 0) {
                throw corrupt(source, "entry '" + name + "' has a bad shape " + o.get("shape"));
            }
            shape[k] = d.asInt();
            numel *= shape[k];
        }
        JsonNode off = o.get("data_offsets");
        long begin = off.get(0).asLong(-1);
        long end = off.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLen) {
            throw corrupt(source, "entry '" + name + "' has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataLen + " data bytes");
        }
        if (end - begin != numel * dtype.bytes()) {
            throw corrupt(source, "entry '" + name + "' has " + (end - begin) + " bytes but shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + numel * dtype.bytes());
        }
        spans.add(new long[] {begin, end});
        ByteBuffer slice = buf.slice((int) (dataStart + begin), (int) (end - begin));
        return new Entry(name, dtype, shape, slice);
    }

    private static IOException corrupt(String source, String problem) {
        return new IOException(source + ": not a valid safetensors file: " + problem);
    }
}
