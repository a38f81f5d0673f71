package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The bundled real data sets, read through the user-facing readers: sizes, classes and known values. */
class DatasetsTest {
    @Test
    void namesListsTheSixBundledDataSets() {
        assertThat(Datasets.names())
                .containsExactly("digits", "iris", "breast_cancer", "wine", "heart_scale", "mnist10k");
        assertThat(Datasets.bundled()).allSatisfy(b -> {
            assertThat(b.origin()).isNotBlank();
            assertThat(b.licence()).isNotBlank();
        });
    }

    @Test
    void iris() {
        Dataset d = Datasets.load("iris");
        assertThat(d.name()).isEqualTo("iris");
        assertThat(d.size()).isEqualTo(150);
        assertThat(d.numFeatures()).isEqualTo(4);
        assertThat(d.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.classCounts()).containsExactly(50, 50, 50);
        assertThat(d.row(0)).containsExactly(5.1, 3.5, 1.4, 0.2);
        assertThat(d.label(0)).isZero();
        assertThat(d.row(149)).containsExactly(5.9, 3.0, 5.1, 1.8);
        assertThat(d.label(149)).isEqualTo(2);
        assertThat(d.toString()).isEqualTo(
                "iris: 150 samples x 4 features, 3 classes (setosa 50, versicolor 50, virginica 50)");
    }

    @Test
    void breastCancer() {
        Dataset d = Datasets.load("breast_cancer");
        assertThat(d.size()).isEqualTo(569);
        assertThat(d.numFeatures()).isEqualTo(30);
        assertThat(d.classNames()).containsExactly("malignant", "benign");
        assertThat(d.classCounts()).containsExactly(212, 357);
        assertThat(d.feature(0, 0)).isEqualTo(17.99);
        assertThat(d.feature(0, 29)).isEqualTo(0.1189);
        assertThat(d.feature(568, 0)).isEqualTo(7.76);
        assertThat(d.label(568)).isEqualTo(1);
    }

    @Test
    void wine() {
        Dataset d = Datasets.load("wine");
        assertThat(d.name()).isEqualTo("wine");
        assertThat(d.size()).isEqualTo(178);
        assertThat(d.numFeatures()).isEqualTo(13);
        assertThat(d.classNames()).containsExactly("class_0", "class_1", "class_2");
        assertThat(d.classCounts()).containsExactly(59, 71, 48);
        assertThat(d.feature(0, 0)).isEqualTo(14.23);
        assertThat(d.feature(0, 12)).isEqualTo(1065.0);
        assertThat(d.feature(177, 12)).isEqualTo(560.0);
    }

    @Test
    void digits() {
        Dataset d = Datasets.load("digits");
        assertThat(d.size()).isEqualTo(1797);
        assertThat(d.numFeatures()).isEqualTo(64);
        assertThat(d.sampleShape()).containsExactly(1, 8, 8);
        assertThat(d.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(d.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(d.row(0)).startsWith(0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15);
        assertThat(d.label(0)).isZero();
        assertThat(d.row(1796)).startsWith(0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16);
        assertThat(d.label(1796)).isEqualTo(8);
        assertThat(d.samples().shape()).containsExactly(1797, 1, 8, 8);
        assertThat(d.samples().get(0, 0, 1, 2)).isEqualTo(13.0); // row 1, column 2 of the first image
    }

    @Test
    void heartScale() {
        Dataset d = Datasets.load("heart_scale");
        assertThat(d.name()).isEqualTo("heart_scale");
        assertThat(d.size()).isEqualTo(270);
        assertThat(d.numFeatures()).isEqualTo(13);
        assertThat(d.classNames()).containsExactly("-1", "1");
        assertThat(d.classCounts()).containsExactly(150, 120);
        assertThat(d.label(0)).isEqualTo(1); // +1
        assertThat(d.label(1)).isZero(); // -1
        assertThat(d.row(0)).containsExactly(0.708333, 1, 1, -0.320755, -0.105023, -1, 1, -0.419847, -1, -0.225806,
                0, 1, -1); // index 11 is absent, so 0
        assertThat(d.row(269)).containsExactly(0.583333, 1, 1, 0.245283, -0.269406, -1, 1, -0.435115, 1, -0.516129,
                0, 1, -1);
    }

    @Test
    void mnist10k() {
        Dataset d = Datasets.load("mnist10k");
        assertThat(d.name()).isEqualTo("mnist10k");
        assertThat(d.size()).isEqualTo(10000);
        assertThat(d.numFeatures()).isEqualTo(784);
        assertThat(d.sampleShape()).containsExactly(1, 28, 28);
        assertThat(d.classCounts()).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2), d.label(3), d.label(4), d.label(9999)})
                .containsExactly(3, 8, 1, 0, 4, 0);
        // the first non-zero pixels of image 0 are 6, 83, 167, 167, 252 at offsets 151..155, scaled by 1/255
        assertThat(d.feature(0, 150)).isZero();
        assertThat(d.feature(0, 151)).isEqualTo(6 / 255.0);
        assertThat(d.feature(0, 155)).isEqualTo(252 / 255.0);
        double sum = 0;
        for (double v : d.row(0)) {
            sum += v;
        }
        assertThat(sum).isCloseTo(15849 / 255.0, within(1e-9));
        assertThat(d.feature(9999, 179)).isEqualTo(67 / 255.0);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Datasets.load("cifar10"))
                .isInstanceOf(DataException.class)
                .hasMessage("unknown data set 'cifar10': the bundled data sets are digits, iris, breast_cancer, wine,"
                        + " heart_scale, mnist10k");
    }
}
