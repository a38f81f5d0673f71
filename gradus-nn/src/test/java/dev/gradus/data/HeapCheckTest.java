package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapCheckTest {
    @Test
    void anAllocationBeyondTheHeapIsRefusedWithTheNumbersAndTheHint() {
        long tooMuch = Runtime.getRuntime().maxMemory() + (1L << 30);
        assertThatThrownBy(() -> HeapCheck.require("big.svm", tooMuch, "1000000 rows of 50000 dense features"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("big.svm: the data does not fit in the Java heap: 1000000 rows of 50000 dense"
                        + " features need ").hasMessageContaining("GRADUS_JAVA_OPTS='-Xmx");
        assertThatCode(() -> HeapCheck.require("small.csv", 1 << 20, "a little")).doesNotThrowAnyException();
    }
}
