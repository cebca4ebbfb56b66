package dev.jlite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** The jlite command run in this JVM, as its {@code ToolProvider}, with a pinned clock and a given environment. */
final class InProcess {

    /** What one run printed. */
    record Ran(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private InProcess() {
    }

    /** Runs {@code jlite args...} in {@code workingDir}, with only {@code env} as the environment. */
    static Ran run(Path workingDir, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        JliteTool tool = new JliteTool(env, workingDir, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), false);
        int code = tool.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Ran(code, out.toString(), err.toString());
    }
}
