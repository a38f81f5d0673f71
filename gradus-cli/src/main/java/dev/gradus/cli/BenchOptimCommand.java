package dev.gradus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Specs;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.MemoryBandwidth;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradus bench optim}: times one optimizer update over N parameters on a given number of threads and
 * relates it to the memory bandwidth measured by the STREAM triad on as many threads in the same run. The
 * fraction divides the bytes the step must move by the triad's real traffic (32 bytes per element: STREAM's
 * 24 plus the write-allocate read it leaves out), because an optimizer step writes only arrays it also reads
 * and so has no hidden read; against STREAM's own 24-byte figure the same step would show up to 4/3.
 */
@Command(name = "optim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the update step (GradientTransformation.step, the fused kernel where there is one) of an"
                + " optimizer over N float64 parameters on --threads threads, and report ms per step, GB/s moved and"
                + " the fraction of the STREAM-triad bandwidth measured on as many threads in the same run.",
            "GB/s counts --bytes-per-param bytes per parameter: 56 = 7 x 8 for Adam-like updates (read p, g, m, v;"
                + " write p, m, v). The fraction divides it by the triad's traffic, 32 bytes per element (STREAM's"
                + " 24 plus the write-allocate read of the array it writes, which STREAM leaves out and an optimizer"
                + " step does not have, since it writes only arrays it reads): at most 1 when memory is the limit.",
            "The fused kernels run tensors of 65,536 or more elements on every thread in fixed blocks of 4,096,"
                + " so the result has the same bits on any number of threads."})
public final class BenchOptimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--spec", paramLabel = "SPEC", defaultValue = "adam(lr=1e-3)",
            description = "The optimizer spec. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--params", paramLabel = "N", defaultValue = "10000000",
            description = "Number of parameters (one tensor). Default: ${DEFAULT-VALUE}.")
    int params;

    @Option(names = "--shape", paramLabel = "D1,D2,...", description = {"A parameter tensor's shape, such as"
            + " 1000,1000 (repeatable: one tensor each, named p0, p1, ...). Replaces --params; projection methods"
            + " (frugal, galore) need matrices."})
    List<String> shapes = new ArrayList<>();

    @Option(names = "--steps", paramLabel = "S", defaultValue = "20", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--bytes-per-param", paramLabel = "B", defaultValue = "56",
            description = "Bytes moved per parameter per step. Default: ${DEFAULT-VALUE}.")
    int bytesPerParam;

    @Option(names = "--threads", paramLabel = "T", description = "Threads for the step and the triad. Default: the"
            + " number of processors, or -Dgradus.optim.threads.")
    Integer threads;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        int t = threads == null ? Chunks.threads() : threads;
        if (params < 1 || steps < 1 || bytesPerParam < 1 || t < 1) {
            throw new IllegalArgumentException("bench optim: --params, --steps, --bytes-per-param and --threads must be"
                    + " positive");
        }
        GradientTransformation opt = Specs.transformation(optimizer);
        List<int[]> tensorShapes = tensorShapes();
        RandomStream rng = RandomStream.of(0);
        TensorMap p = new TensorMap();
        TensorMap grads = new TensorMap();
        TensorMap g0 = new TensorMap();
        for (int k = 0; k < tensorShapes.size(); k++) {
            String name = tensorShapes.size() == 1 && shapes.isEmpty() ? "w" : "p" + k;
            Tensor w = Tensor.zeros(tensorShapes.get(k));
            rng.fillNormal(w.data());
            Tensor g = Tensor.zeros(tensorShapes.get(k));
            rng.fillNormal(g.data());
            p.put(name, w);
            g0.put(name, g);
            grads.put(name, Tensor.zeros(tensorShapes.get(k)));
        }
        long n = 0;
        for (String name : p.names()) {
            n += p.get(name).size();
        }
        long total = n;
        OptState state = opt.init(p);
        int warmup = 3;
        long[] times = new long[steps];
        Chunks.withThreads(t, () -> {
            for (int s = -warmup; s < steps; s++) {
                // step consumes the gradients as scratch; refill them outside the timed region.
                for (String name : grads.names()) {
                    System.arraycopy(g0.get(name).data(), 0, grads.get(name).data(), 0, grads.get(name).size());
                }
                long t0 = System.nanoTime();
                opt.step(p, grads, state);
                long dt = System.nanoTime() - t0;
                if (s >= 0) {
                    times[s] = dt;
                }
            }
            return null;
        });
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        double medianMs = sorted[steps / 2] / 1e6;
        double bestMs = sorted[0] / 1e6;
        double gbs = (double) bytesPerParam * total / (medianMs * 1e6);
        int triadN = (int) Math.max(Math.min(total, Integer.MAX_VALUE / 4), 10_000_000);
        long stateBytes = StateTree.tensorBytes(state);
        double triad = MemoryBandwidth.streamTriadGBs(triadN, 10, t);
        double traffic = triad * MemoryBandwidth.TRIAD_TRAFFIC_BYTES_PER_ELEMENT / MemoryBandwidth.TRIAD_BYTES_PER_ELEMENT;
        String canonical = Specs.printable(opt) ? Specs.print(opt) : optimizer;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("spec", canonical);
            o.put("params", total);
            ArrayNode shapeArray = o.putArray("shapes");
            for (int[] shape : tensorShapes) {
                ArrayNode one = shapeArray.addArray();
                for (int d : shape) {
                    one.add(d);
                }
            }
            o.put("state_bytes", stateBytes);
            o.put("state_bytes_per_param", (double) stateBytes / total);
            o.put("steps", steps);
            o.put("threads", t);
            o.put("ms_per_step", medianMs);
            o.put("best_ms_per_step", bestMs);
            o.put("bytes_per_param", bytesPerParam);
            o.put("gb_per_s", gbs);
            o.put("stream_triad_gb_per_s", triad);
            o.put("stream_triad_traffic_gb_per_s", traffic);
            o.put("fraction_of_triad_traffic", gbs / traffic);
            out.println(o.toPrettyString());
        } else {
            out.printf(Locale.ROOT, "%s over %,d parameters%s, %d steps, %d thread%s%n", canonical, total,
                    shapes.isEmpty() ? "" : " (" + shapeText(tensorShapes) + ")", steps, t, t == 1 ? "" : "s");
            out.printf(Locale.ROOT, "optimizer state: %,d bytes (%.2f B/param)%n", stateBytes,
                    (double) stateBytes / total);
            out.printf(Locale.ROOT, "%.3f ms/step (median; best %.3f), %.1f GB/s at %d B/param%n", medianMs, bestMs,
                    gbs, bytesPerParam);
            out.printf(Locale.ROOT, "STREAM triad on %d thread%s: %.1f GB/s as STREAM counts it (24 B/element),"
                    + " %.1f GB/s of traffic (32 B/element, with the write-allocate read)%n", t, t == 1 ? "" : "s",
                    triad, traffic);
            out.printf(Locale.ROOT, "fraction of the triad's traffic: %.2f%n", gbs / traffic);
        }
        out.flush();
        return 0;
    }

    /** The tensors to step: the {@code --shape}s, or one vector of {@code --params}. */
    private List<int[]> tensorShapes() {
        List<int[]> out = new ArrayList<>();
        if (shapes.isEmpty()) {
            out.add(new int[] {params});
            return out;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--params")) {
            throw new IllegalArgumentException("bench optim: give either --params or --shape, not both");
        }
        for (String text : shapes) {
            String[] parts = text.split(",");
            int[] shape = new int[parts.length];
            long size = 1;
            for (int k = 0; k < parts.length; k++) {
                try {
                    shape[k] = Integer.parseInt(parts[k].trim());
                } catch (NumberFormatException e) {
                    shape[k] = -1;
                }
                if (shape[k] < 1) {
                    throw new IllegalArgumentException("bench optim: --shape " + text + ": dimension " + (k + 1)
                            + " ('" + parts[k] + "') must be a positive integer");
                }
                size *= shape[k];
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("bench optim: --shape " + text + " has " + size
                        + " elements, more than one tensor can hold (" + (Integer.MAX_VALUE - 8) + ")");
            }
            out.add(shape);
        }
        return out;
    }

    private static String shapeText(List<int[]> shapes) {
        StringBuilder b = new StringBuilder();
        for (int[] s : shapes) {
            if (b.length() > 0) {
                b.append(" + ");
            }
            for (int k = 0; k < s.length; k++) {
                b.append(k == 0 ? "" : "x").append(s[k]);
            }
        }
        return b.toString();
    }
}
