package dev.jlite.core.internal.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jlite.core.spi.WheelName;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of a wheel's file name, and PEP 503 names, as both the pypi: source and the piplite addon read them. */
class WheelNameTests {

    @Test
    void theFiveOrSixParts() {
        assertEquals(Optional.of(new WheelName("ipython", "8.30.0", Optional.empty(), "py3", "none", "any")),
                WheelName.parse("ipython-8.30.0-py3-none-any.whl"));
        assertEquals(Optional.of(new WheelName("numpy", "2.0.2", Optional.of("1build"), "cp312", "cp312",
                "pyodide_2024_0_wasm32")), WheelName.parse("numpy-2.0.2-1build-cp312-cp312-pyodide_2024_0_wasm32.whl"));
    }

    @Test
    void notAWheelsName() {
        assertEquals(Optional.empty(), WheelName.parse("ipython-8.30.0.tar.gz"));
        assertEquals(Optional.empty(), WheelName.parse("ipython-py3-none-any.whl"), "no version");
        assertEquals(Optional.empty(), WheelName.parse("a-1.0-build-py3-none-any.whl"), "a build tag starts with a digit");
    }

    @Test
    void namesAsPep503ComparesThem() {
        assertEquals("jupyterlab-widgets", WheelName.normalize("JupyterLab_Widgets"));
        assertEquals("a-b-c", WheelName.normalize("A.-_b__C"));
    }
}
