package dev.jlite.core.internal.audit;

/** Where a scanner puts what it found: a reference to another host, the line it is on, and what holds it. */
@FunctionalInterface
interface Sink {

    /**
     * @param line the line of the file, counted from 1
     * @param what what holds the URL: {@code <img srcset>}, {@code url()}, {@code fetch()}, ...
     * @param url the URL as the browser reads it (entities and escapes decoded)
     */
    void found(int line, String what, String url);
}
