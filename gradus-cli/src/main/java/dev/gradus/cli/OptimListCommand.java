package dev.gradus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.optim.OptimizerRegistry;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.SpecPrinter;
import dev.gradus.optim.spec.SpecValue;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code gradus optim list}: every optimizer, transform, wrapper and schedule the spec language knows, then the
 * components of the other families (models, and what modules add: compressors, aggregators, methods), with their
 * hyperparameters (reference names), defaults, allowed values and reference. What is registered by any module
 * on the class path shows here ({@link OptimizerRegistry}).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List optimizers, transforms, wrappers, schedules and the components of other families (models, ...)"
                + " with hyperparameters, defaults and references.")
public final class OptimListCommand implements Callable<Integer> {

    @Option(names = "--kind", description = "Only this kind: ${COMPLETION-CANDIDATES} (component: the components "
            + "of other families, such as models).")
    Descriptor.Kind kind;

    @Option(names = "--family", paramLabel = "F", description = "Only the components of this family, such as model.")
    String family;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Descriptor<?>> everything = new java.util.ArrayList<>(OptimizerRegistry.all());
        for (String f : OptimizerRegistry.families()) {
            everything.addAll(OptimizerRegistry.family(f));
        }
        if (family != null && !OptimizerRegistry.families().contains(family)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown family '" + family + "'; families: "
                    + String.join(", ", OptimizerRegistry.families()));
        }
        List<Descriptor<?>> all = everything.stream().filter(d -> kind == null || d.kind() == kind)
                .filter(d -> family == null || d.family().equals(family))
                .sorted(java.util.Comparator.comparing(Descriptor::kind)).toList();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(all)));
        } else {
            String current = null;
            for (Descriptor<?> d : all) {
                if (!d.family().equals(current)) {
                    out.println((current == null ? "" : "\n") + heading(d));
                    current = d.family();
                }
                print(out, d);
            }
        }
        out.flush();
        return 0;
    }

    private static String heading(Descriptor<?> d) {
        return switch (d.kind()) {
            case OPTIMIZER -> "Optimizers";
            case TRANSFORM -> "Building blocks";
            case WRAPPER -> "Wrappers";
            case SCHEDULE -> "Schedules (wherever a scalar hyperparameter is allowed)";
            case COMPONENT -> "Components: " + d.family();
        };
    }

    private static String defaultText(Descriptor<?> d, Param p) {
        if (p.required()) {
            return "(required)";
        }
        SpecValue.Call defaults = d.defaults().toSpec();
        SpecValue.Kwarg k = defaults.kwarg(p.name());
        return k == null ? (p.positional() ? "(positional)" : "") : SpecPrinter.print(k.value());
    }

    private static void print(PrintWriter out, Descriptor<?> d) {
        out.printf("  %s: %s%n", d.name(), d.summary());
        out.printf("      reference: %s%n", d.reference());
        for (Param p : d.params()) {
            out.printf("      %-26s %-16s %-46s %s%n", p.name(), defaultText(d, p), p.allowed(), p.doc());
        }
    }

    private static ArrayNode toJson(List<Descriptor<?>> all) {
        ArrayNode arr = new ObjectMapper().createArrayNode();
        for (Descriptor<?> d : all) {
            ObjectNode o = arr.addObject();
            o.put("name", d.name());
            o.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
            o.put("family", d.family());
            o.put("summary", d.summary());
            o.put("reference", d.reference());
            ArrayNode ps = o.putArray("hyperparameters");
            for (Param p : d.params()) {
                ObjectNode po = ps.addObject();
                po.put("name", p.name());
                po.put("type", p.type().name().toLowerCase(java.util.Locale.ROOT));
                po.put("default", defaultText(d, p));
                po.put("required", p.required());
                po.put("allowed", p.allowed());
                po.put("doc", p.doc());
            }
        }
        return arr;
    }
}
