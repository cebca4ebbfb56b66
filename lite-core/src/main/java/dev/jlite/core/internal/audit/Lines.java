package dev.jlite.core.internal.audit;

import java.util.Arrays;

/** Line numbers of offsets in a text, for findings: the newlines are indexed once, on first use. */
final class Lines {

    private final CharSequence text;
    private final int first;
    private int[] newlines;

    /** @param first the line {@code text} starts on in its file */
    Lines(CharSequence text, int first) {
        this.text = text;
        this.first = first;
    }

    int at(int offset) {
        return first + index(offset);
    }

    /** The offset the line holding {@code offset} starts at. */
    int start(int offset) {
        int i = index(offset);
        return i == 0 ? 0 : newlines[i - 1] + 1;
    }

    /** How many newlines come before {@code offset}. */
    private int index(int offset) {
        if (newlines == null) {
            String string = text.toString();
            int count = 0;
            int[] found = new int[64];
            for (int i = string.indexOf('\n'); i >= 0; i = string.indexOf('\n', i + 1)) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                found[count++] = i;
            }
            newlines = Arrays.copyOf(found, count);
        }
        int i = Arrays.binarySearch(newlines, offset);
        return i >= 0 ? i : -i - 1;
    }
}
