package dev.jlite.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How failures of addon code read. */
class AddonFailuresTests {

    @Test
    void linkageErrorsAboutJliteTypesSayAnotherSpi() {
        NoSuchMethodError nsme = new NoSuchMethodError("'void dev.jlite.core.spi.TaskContext.shout(java.lang.String)'");
        assertEquals("it was built for another jlite SPI (NoSuchMethodError: 'void dev.jlite.core.spi.TaskContext.shout("
                + "java.lang.String)')", AddonFailures.cause(nsme));
        assertTrue(AddonFailures.isOtherSpi(new NoClassDefFoundError("dev/jlite/core/spi/Extras")));
        assertFalse(AddonFailures.isOtherSpi(new NoClassDefFoundError("com/google/gson/Gson")));
        assertEquals("a class it needs is missing (NoClassDefFoundError: com/google/gson/Gson)",
                AddonFailures.cause(new NoClassDefFoundError("com/google/gson/Gson")));
        assertEquals("its static initializer threw IllegalStateException: no", AddonFailures.cause(
                new ExceptionInInitializerError(new IllegalStateException("no"))));
        assertEquals("IllegalStateException: boom", AddonFailures.cause(new IllegalStateException("boom")));
        assertEquals("", AddonFailures.hint(AddonFailuresTests.class, "x", new IllegalStateException("boom")),
                "an addon of jlite's own layer gets no advice beyond its message");
    }
}
