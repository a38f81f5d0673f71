package dev.gradus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.replay.GradientReplay;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code gradus optim replay}: runs an optimizer on the gradients recorded in a gradient-replay file
 * (for example one made with PyTorch) and compares every step with the parameters recorded there.
 * Exits 0 when every element is within {@code --rtol}, 1 when one is not or when nothing was compared (no steps,
 * or no expected parameters), 2 for a bad spec or file.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay recorded gradients through an optimizer and compare with the recorded parameters.",
            "An element matches when |actual - expected| <= rtol * max(|expected|, 1e-6).",
            "Exit status: 0 within rtol, 1 not within rtol or nothing compared, 2 bad spec or input."})
public final class OptimReplayCommand implements Callable<Integer> {

    @Option(names = "--spec", paramLabel = "SPEC",
            description = "Optimizer spec, e.g. 'adam(lr=0.01)'. Default: the spec recorded in the file.")
    String specText;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Gradient-replay JSON file.")
    Path input;

    @Option(names = "--rtol", defaultValue = "1e-10", paramLabel = "RTOL",
            description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol;

    @Option(names = "--output", paramLabel = "OUT.json", description = "Write the result as JSON here.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("--input " + input + ": " + (Files.isDirectory(input)
                    ? "is a directory, not a gradient-replay file" : "no such file"));
        }
        GradientReplay.Recording rec = GradientReplay.read(input);
        String text = specText != null ? specText : rec.optimizer();
        if (text.isBlank()) {
            throw new IllegalArgumentException(input + ": the file records no optimizer spec; give one with --spec");
        }
        GradientTransformation opt = Specs.transformation(text);
        String canonical = Specs.printable(opt) ? Specs.print(opt) : text;
        GradientReplay.Result r = GradientReplay.replay(rec, opt, rtol);
        out.printf("replayed %d steps of %s%n", r.steps(), canonical);
        out.printf("input: %s%s%n", input, rec.reference().isEmpty() ? "" : " (reference: " + rec.reference() + ")");
        boolean compared = r.worst() != null && r.compared() > 0;
        if (!compared) {
            // A check that compared nothing must not pass: a CI job on an empty recording would test nothing.
            spec.commandLine().getErr().println("gradus: " + input + ": " + (r.steps() == 0 ? "the file records no"
                    + " steps" : "the file records no expected parameters") + ": nothing compared, exit status 1");
        } else {
            GradientReplay.Deviation w = r.worst();
            out.printf("worst relative deviation %.3e at step %d, %s[%d] (expected %s, got %s)%n", w.relative(), w.step(),
                    w.param(), w.index(), w.expected(), w.actual());
            out.printf("%s rtol %s over %d compared steps%n", r.within() ? "within" : "NOT within", rtol, r.compared());
        }
        if (output != null) {
            byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(GradientReplay.toJson(rec, canonical, r));
            AtomicFiles.write(output, json);
            out.printf("wrote %s%n", output);
        }
        out.flush();
        return compared && r.within() ? 0 : 1;
    }
}
