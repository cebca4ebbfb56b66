/**
 * The {@code jlite} command line, also available in-process as the {@code jlite} tool provider; {@code jlite serve}
 * serves a built site on the JDK's HTTP server.
 *
 * @uses dev.jlite.core.spi.Addon (through core, on the module path)
 * @provides java.util.spi.ToolProvider {@code jlite}
 */
module dev.jlite.cli {
    requires dev.jlite.core;
    requires info.picocli;
    // `jlite serve`: the JDK's HTTP server, and sun.misc.Signal (reached reflectively) to stop it on Ctrl-C.
    requires jdk.httpserver;
    requires jdk.unsupported;

    provides java.util.spi.ToolProvider with dev.jlite.cli.JliteTool;
}
