package dev.jlite.cli;

import java.io.PrintWriter;

/** The {@code jlite} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = new JliteTool().run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
