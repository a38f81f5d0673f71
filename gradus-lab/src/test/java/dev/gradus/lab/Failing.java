package dev.gradus.lab;

/** An experiment that records a metric and then throws, for the runner's failure handling. */
final class Failing implements Experiment {
    @Override
    public String id() {
        return "always-fails";
    }

    @Override
    public String paper() {
        return "A broken experiment";
    }

    @Override
    public String reference() {
        return "test";
    }

    @Override
    public String claim() {
        return "Nothing: it throws.";
    }

    @Override
    public Result run(ExperimentContext ctx) {
        ctx.metric("before_failure", 1.5);
        throw new IllegalStateException("diverged at step 7 <see log>");
    }
}
