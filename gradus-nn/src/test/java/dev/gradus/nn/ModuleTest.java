package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** A module with a parameter, a buffer and a stream, to exercise the tree machinery alone. */
    static final class Leaf extends Module implements Stochastic {
        RandomStream rng = RandomStream.of(5);

        Leaf(int n) {
            addParameter("weight", Tensor.full(1.0, n, 2));
            addBuffer("count", Tensor.zeros(1));
        }

        @Override
        public RandomStream randomStream() {
            return rng;
        }

        @Override
        public void setRandomStream(RandomStream stream) {
            rng = stream;
        }

        @Override
        public Var forward(Var input) {
            return input;
        }

        @Override
        protected String extraRepr() {
            return "n=" + localParameters().get("weight").shape()[0];
        }
    }

    static final class Tree extends Module {
        Tree() {
            addParameter("scale", Tensor.ones(3));
            addModule("encoder", new Tree2());
            addModule("head", new Leaf(4));
        }

        @Override
        public Var forward(Var input) {
            return input;
        }
    }

    static final class Tree2 extends Module {
        Tree2() {
            addModule("0", new Leaf(1));
            addModule("1", new Leaf(2));
        }

        @Override
        public Var forward(Var input) {
            return input;
        }
    }

    @Test
    void namesAreDottedPathsInPyTorchOrder() {
        Tree t = new Tree();
        assertThat(t.namedParameters().names())
                .containsExactly("scale", "encoder.0.weight", "encoder.1.weight", "head.weight");
        assertThat(t.namedBuffers().names()).containsExactly("encoder.0.count", "encoder.1.count", "head.count");
        assertThat(t.stateDict().names()).containsExactly("scale", "encoder.0.weight", "encoder.0.count",
                "encoder.1.weight", "encoder.1.count", "head.weight", "head.count");
        assertThat(t.parameterCount()).isEqualTo(3 + 2 + 4 + 8);
        assertThat(t.namedModules().keySet()).containsExactly("", "encoder", "encoder.0", "encoder.1", "head");
        assertThat(t.module("encoder.1")).isSameAs(t.namedModules().get("encoder.1"));
        assertThatThrownBy(() -> t.module("encoder.7")).hasMessageContaining("no module '7'")
                .hasMessageContaining("[0, 1]");
    }

    @Test
    void aLateRegistrationInAChildShowsUpInTheParentsViews() {
        class Growing extends Module {
            void grow() {
                addParameter("late", Tensor.zeros(2));
            }

            @Override
            public Var forward(Var input) {
                return input;
            }
        }
        class Holder extends Module {
            final Growing child = addModule("child", new Growing());

            @Override
            public Var forward(Var input) {
                return input;
            }
        }
        Holder h = new Holder();
        assertThat(h.namedParameters().names()).isEmpty();
        h.child.grow();
        assertThat(h.namedParameters().names()).containsExactly("child.late");
    }

    @Test
    void namedParametersAreTheLiveTensors() {
        Tree t = new Tree();
        t.namedParameters().get("head.weight").data()[0] = 42;
        assertThat(t.stateDict().get("head.weight").get(0, 0)).isEqualTo(42.0);
    }

    @Test
    void frozenParametersStayInTheStateDictButNotInNamedParameters() {
        Tree t = new Tree();
        t.allParameters().get("scale").setTrainable(false);
        assertThat(t.namedParameters().names()).doesNotContain("scale");
        assertThat(t.stateDict().names()).contains("scale");
        assertThat(t.parameterCount()).isEqualTo(14);
        assertThat(t.summary()).contains("scale (frozen)").contains("head.count (buffer)")
                .contains("trainable parameters: 14");
    }

    @Test
    void loadStateDictRoundTripsAndRefusesMismatchesWithoutWriting() {
        Tree a = new Tree();
        Tree b = new Tree();
        a.namedParameters().get("encoder.1.weight").data()[3] = 7;
        a.namedBuffers().get("head.count").data()[0] = 9;
        b.loadStateDict(a.stateDict().copy());
        assertThat(b.stateDict().get("encoder.1.weight").get(1, 1)).isEqualTo(7.0);
        assertThat(b.stateDict().get("head.count").item()).isEqualTo(9.0);

        TensorMap bad = a.stateDict().copy();
        TensorMap wrong = new TensorMap();
        bad.forEach((k, v) -> {
            if (k.equals("head.weight")) {
                wrong.put(k, Tensor.zeros(5, 2));
            } else if (!k.equals("scale")) {
                wrong.put(k, Tensor.full(-1, v.shape()));
            }
        });
        wrong.put("tail.weight", Tensor.zeros(1));
        Tree c = new Tree();
        assertThatThrownBy(() -> c.loadStateDict(wrong))
                .hasMessageContaining("missing: scale")
                .hasMessageContaining("extra: tail.weight")
                .hasMessageContaining("head.weight expected [4, 2] got [5, 2]");
        assertThat(c.stateDict().get("encoder.0.weight").get(0, 0)).isEqualTo(1.0); // untouched
    }

    @Test
    void modesPropagateToTheWholeTree() {
        Tree t = new Tree();
        assertThat(t.module("encoder.0").isTraining()).isTrue();
        t.eval();
        assertThat(t.namedModules().values()).allMatch(m -> !m.isTraining());
        t.train();
        assertThat(t.namedModules().values()).allMatch(Module::isTraining);
    }

    @Test
    void randomStatesRoundTripByName() {
        Tree t = new Tree();
        Map<String, long[]> saved = t.randomStates();
        assertThat(saved.keySet()).containsExactly("encoder.0.rng", "encoder.1.rng", "head.rng");
        double first = ((Leaf) t.module("head")).rng.uniform();
        t.loadRandomStates(saved);
        assertThat(((Leaf) t.module("head")).rng.uniform()).isEqualTo(first);
        assertThatThrownBy(() -> t.loadRandomStates(Map.of("head.rng", saved.get("head.rng"), "x.rng", new long[] {1, 1})))
                .hasMessageContaining("missing: encoder.0.rng, encoder.1.rng").hasMessageContaining("extra: x.rng");
    }

    @Test
    void registrationErrorsNameTheModule() {
        class Bad extends Module {
            Bad(String name) {
                addParameter("w", Tensor.zeros(1));
                addBuffer(name, Tensor.zeros(1));
            }

            @Override
            public Var forward(Var input) {
                return input;
            }
        }
        assertThatThrownBy(() -> new Bad("w")).hasMessageContaining("Bad: name 'w' is already registered");
        assertThatThrownBy(() -> new Bad("a.b")).hasMessageContaining("contain no '.'");
    }

    @Test
    void toStringIsAPyTorchStyleTree() {
        assertThat(new Tree().toString()).isEqualTo("""
                Tree(
                  (encoder): Tree2(
                    (0): Leaf(n=1)
                    (1): Leaf(n=2)
                  )
                  (head): Leaf(n=4)
                )""");
    }
}
