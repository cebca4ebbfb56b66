/**
 * The jlite test kit: runs the real pipeline on an in-memory file system (Jimfs), offline and with a
 * pinned clock, and gives addon authors a contract suite, fake remote sources, a loopback HTTP server,
 * readable differences between outputs, and ArchUnit rules.
 */
// Jimfs and ArchUnit are automatic modules: naming them in `requires transitive` is what -Xlint:requires-transitive-automatic flags.
@SuppressWarnings({"requires-transitive-automatic", "requires-automatic"})
module dev.jlite.testkit {
    requires transitive dev.jlite.core;
    requires com.google.common.jimfs;
    requires org.apache.commons.compress;
    requires transitive com.tngtech.archunit;
    requires transitive org.junit.jupiter.api;

    exports dev.jlite.testkit;
}
