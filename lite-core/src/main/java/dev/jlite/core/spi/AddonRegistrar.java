package dev.jlite.core.spi;

/** What an addon sees while registering: the resolved options, its configuration, and the task factory. */
public interface AddonRegistrar {

    /** The resolved {@code LiteBuildConfig}. */
    BuildOptions options();

    /** This addon's configuration class. */
    AddonConfig config();

    /** Starts declaring a task named {@code name} (unique within the addon) in {@code phase}. */
    TaskBuilder task(Phase phase, String name);

    /** Reports a problem found while registering (e.g. an invalid combination of settings). */
    void report(Diagnostic diagnostic);
}
