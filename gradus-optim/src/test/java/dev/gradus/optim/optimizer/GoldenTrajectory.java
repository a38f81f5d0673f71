package dev.gradus.optim.optimizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A gradient-replay file (format in the golden README, copied under test resources {@code golden/}):
 * initial parameters, then per step the gradients and the expected parameters after the step.
 */
record GoldenTrajectory(String spec, TensorMap params, List<TensorMap> grads, List<TensorMap> expected) {

    /** Reads {@code golden/<name>} from the test class path. */
    static GoldenTrajectory load(String name) {
        try (InputStream in = GoldenTrajectory.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("golden file not on the test class path: golden/" + name);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            TensorMap params = new TensorMap();
            Iterator<Map.Entry<String, JsonNode>> it = root.get("params").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode shapeNode = e.getValue().get("shape");
                int[] shape = new int[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asInt();
                }
                params.put(e.getKey(), Tensor.of(doubles(e.getValue().get("data")), shape));
            }
            List<TensorMap> grads = new ArrayList<>();
            List<TensorMap> expected = new ArrayList<>();
            for (JsonNode step : root.get("steps")) {
                grads.add(like(params, step.get("grads")));
                expected.add(like(params, step.get("params")));
            }
            return new GoldenTrajectory(root.get("optimizer").asText(), params, grads, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TensorMap like(TensorMap params, JsonNode node) {
        TensorMap m = new TensorMap();
        params.forEach((name, p) -> m.put(name, Tensor.of(doubles(node.get(name)), p.shape())));
        return m;
    }

    private static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asDouble();
        }
        return d;
    }

    /** The worst deviation of a replay: |actual − expected| / max(|expected|, 1e-6), and where. */
    record Deviation(double relative, int step, String param, int index) {}

    /** Replays every step with {@code stepper} and returns the worst deviation over all steps. */
    Deviation replay(java.util.function.BiConsumer<TensorMap, TensorMap> stepper) {
        TensorMap p = params.copy();
        Deviation worst = new Deviation(0, -1, "", -1);
        for (int s = 0; s < grads.size(); s++) {
            stepper.accept(p, grads.get(s).copy());
            for (String name : p.names()) {
                double[] a = p.get(name).data();
                double[] e = expected.get(s).get(name).data();
                for (int i = 0; i < a.length; i++) {
                    double rel = Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), 1e-6);
                    if (!(rel <= worst.relative())) {
                        worst = new Deviation(rel, s, name, i);
                    }
                }
            }
        }
        return worst;
    }
}
