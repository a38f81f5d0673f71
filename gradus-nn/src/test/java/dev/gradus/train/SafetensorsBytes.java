package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reader of the safetensors layout, written from the format's description and not from
 * Gradus' codec, so that tests check the bytes that PyTorch would see: an 8-byte little-endian header
 * length, a UTF-8 JSON header of {@code name -> {dtype, shape, data_offsets}} plus an optional
 * {@code __metadata__} of strings, then the raw little-endian data, the offsets relative to its start,
 * contiguous, without gaps or overlaps.
 */
final class SafetensorsBytes {
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, int[]> shapes = new LinkedHashMap<>();
    final Map<String, double[]> values = new LinkedHashMap<>();
    final Map<String, long[]> offsets = new LinkedHashMap<>();
    final long headerLength;

    SafetensorsBytes(byte[] file) throws Exception {
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        headerLength = buf.getLong(0);
        assertThat(headerLength).isPositive().isLessThanOrEqualTo(file.length - 8L);
        String json = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{");
        JsonNode root = new ObjectMapper().readTree(json);
        int dataStart = 8 + (int) headerLength;
        List<long[]> spans = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> {
                    assertThat(m.getValue().isTextual()).as("metadata values are strings").isTrue();
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            JsonNode t = e.getValue();
            assertThat(t.get("dtype").asText()).isEqualTo("F64");
            int[] shape = new int[t.get("shape").size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asInt();
                n *= shape[i];
            }
            long begin = t.get("data_offsets").get(0).asLong();
            long end = t.get("data_offsets").get(1).asLong();
            assertThat(end - begin).as("byte length of %s", e.getKey()).isEqualTo(8 * n);
            assertThat(dataStart + end).isLessThanOrEqualTo(file.length);
            double[] v = new double[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = buf.getDouble(dataStart + (int) begin + 8 * i);
            }
            shapes.put(e.getKey(), shape);
            values.put(e.getKey(), v);
            offsets.put(e.getKey(), new long[] {begin, end});
            spans.add(new long[] {begin, end});
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long at = 0;
        for (long[] s : spans) {
            assertThat(s[0]).as("tensor data is contiguous").isEqualTo(at);
            at = s[1];
        }
        assertThat(dataStart + at).as("the file ends where the last tensor ends").isEqualTo(file.length);
    }
}
