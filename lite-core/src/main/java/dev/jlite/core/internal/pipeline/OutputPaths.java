package dev.jlite.core.internal.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Output-relative paths: {@code /}-separated, no leading or trailing slash, never leaving the output. */
final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * {@code path} as an output-relative path; refused when it would leave the output, has an empty,
     * {@code .} or {@code ..} part, or names jlite's bookkeeping folder.
     */
    static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals(".")) {
            p = "";
        }
        if (p.startsWith("/")) {
            throw new IllegalArgumentException("an output must be a path inside the output directory: " + path);
        }
        if (!p.isEmpty()) {
            for (String part : p.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("an output must be a path inside the output directory: " + path);
                }
            }
        }
        if (OutputLedger.isBookkeeping(p)) {
            throw new IllegalArgumentException("an output may not be jlite's bookkeeping folder " + OutputLedger.FOLDER + ": " + path);
        }
        return p;
    }

    /** Whether {@code file} is {@code root} or lies under it. */
    static boolean covers(String root, String file) {
        return root.isEmpty() || file.equals(root) || file.startsWith(root + "/");
    }

    /** The folders above {@code rel}, nearest first: {@code a/b} and {@code a} for {@code a/b/c} ({@code ""} not among them). */
    static List<String> parents(String rel) {
        List<String> out = new ArrayList<>();
        for (int slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
            out.add(rel.substring(0, slash));
        }
        return out;
    }
}
