package dev.jlite.core.spi;

import java.util.List;
import java.util.Set;

/**
 * A unit of build behaviour, discovered with {@link java.util.ServiceLoader}.
 *
 * <p>An addon declares the settings it reads and, when asked, registers tasks for the phases it takes
 * part in. It never reaches into core or into other addons: what it needs arrives through the
 * {@link AddonRegistrar} and the {@link TaskContext}; what it shares goes through typed keys that core
 * owns ({@link LiteKeys}). The constructor must have no side effects, and {@link #register} must do no
 * I/O: work belongs in tasks, which core fingerprints and skips when nothing changed.
 *
 * <p>Only {@link #id()} and {@link #register(AddonRegistrar)} are abstract; the SPI grows only with
 * {@code default} methods.
 *
 * <p><b>Which jlite an addon runs on.</b> A modular addon jar records the version of {@code dev.jlite.core}
 * it was compiled against (javac keeps it with {@code requires dev.jlite.core}); a plain jar may say it in
 * its manifest as {@code Jlite-Spi-Version: 0.1}. The addon is loaded when that version has jlite's major
 * version and, before 1.0, its minor version too (0.1.x addons run on any 0.1.x jlite); from 1.0 on, an
 * addon built for 1.2 also runs on a later 1.x. Otherwise it is not loaded: none of its code runs, and an
 * error naming its module and jar makes every build fail until the jar is replaced or taken out. An addon
 * that records no version is loaded; if it then meets a {@link LinkageError} about a jlite type (a missing
 * method, an interface that changed), that is reported as an addon built for another jlite SPI.
 */
public interface Addon {

    /** A short, unique, stable name: lower-case letters, digits and dashes, e.g. {@code pyodide}. */
    String id();

    /** One line for {@code jlite addons}. */
    default String description() {
        return "";
    }

    /** Ids of addons whose tasks, inside one phase, run before this addon's tasks. */
    default Set<String> after() {
        return Set.of();
    }

    /**
     * Other names of this addon that {@code --disable-addons} accepts: those of the addon it stands in for in
     * another tool, e.g. the reference's entry point name {@code federated_extensions}. None by default.
     */
    default Set<String> otherNames() {
        return Set.of();
    }

    /**
     * The configuration class this addon reads, as it appears in {@code jupyter_lite_config.json} and in
     * {@code --Class.trait=value}; by default the simple class name, e.g. {@code PipliteAddon}.
     */
    default String configName() {
        return getClass().getSimpleName();
    }

    /** The settings of this addon's configuration class, with their CLI aliases and environment variables. */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** Registers this addon's tasks. Called once per build, after configuration is resolved; no I/O. */
    void register(AddonRegistrar registrar);

    /**
     * Sub-commands this addon adds to the command line, as {@code jlite <id> <name> [arguments]}; none by
     * default. Called when the command line is put together: no I/O.
     */
    default List<AddonCommand> commands() {
        return List.of();
    }
}
