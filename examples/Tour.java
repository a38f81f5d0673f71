import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Sharpness;
import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.nn.Activation;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.spec.Specs;
import dev.gradus.optim.state.StateFile;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The README's tour of the Java API: java -cp gradus-cli/target/gradus.jar examples/Tour.java */
public class Tour {
    public static void main(String[] args) throws Exception {
        // 1. Tensors and autodiff: f(w) = sum(tanh(X w)^2), its gradient, and its sharpness.
        RandomStream rng = RandomStream.of(42);
        Tensor x = Tensor.randn(rng, 8, 3);
        Var w = Var.param(Tensor.vector(0.5, -0.2, 0.1));
        Var loss = Var.constant(x).matmul(w).tanh().square().sum();
        Tensor g = Autodiff.grad(loss, List.of(w)).get(0);
        System.out.println("loss " + loss.value().item() + ", grad " + g);
        Sharpness.Result top = Sharpness.topEigenvalue(loss, List.of(w), rng.fork("power"), 100, 1e-10);
        System.out.println("largest Hessian eigenvalue " + top.eigenvalue());

        // 2. Optimizers: fluent factories or one-line specs; state is keyed by parameter name.
        GradientTransformation adamp = Optimizers.adamp().lr(1e-3).weightDecay(1e-2);
        GradientTransformation chain = Specs.transformation(
                "chain(clip_by_global_norm(max_norm=1.0), sgd(lr=cosine(init=0.1, steps=1000), momentum=0.9))");
        TensorMap params = TensorMap.of("w", Tensor.vector(1.0, -2.0));
        OptState state = chain.init(params);
        for (int step = 0; step < 3; step++) {
            TensorMap grads = TensorMap.of("w", params.get("w").mul(2.0)); // gradient of |w|^2
            chain.step(params, grads, state);
        }
        System.out.println(adamp + "\n" + chain.hyperparams(state) + " -> w = " + params.get("w"));
        Path file = Files.createTempDirectory("tour").resolve("opt.safetensors");
        StateFile.save(file, chain, state);
        OptState restored = StateFile.load(file, chain, params);
        System.out.println("restored state at step " + StateFile.header(file).step());

        // 3. A model trained on a bundled data set.
        Dataset digits = Datasets.load("digits");
        Split split = Split.of(digits, 0.1, 0.2, 0, true);
        Sequential model = Mlp.builder(64).hidden(128).outputs(10).activation(Activation.RELU)
                .build(RandomStream.of(0).fork("init"));
        Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss())
                .optimizer("adam(lr=1e-3)").data(split.train(), split.validation())
                .epochs(15).batchSize(32).seed(0).build();
        trainer.fit();
        System.out.println("test " + trainer.evaluate(split.test()));
    }
}
