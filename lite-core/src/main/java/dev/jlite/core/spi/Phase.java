package dev.jlite.core.spi;

/** The phases of a jlite run. Declaration order is execution order. */
public enum Phase {
    STATUS,
    PRE_INIT,
    INIT,
    POST_INIT,
    PRE_BUILD,
    BUILD,
    POST_BUILD,
    PRE_CHECK,
    CHECK,
    POST_CHECK,
    PRE_ARCHIVE,
    ARCHIVE,
    POST_ARCHIVE;

    /** Phases whose tasks only report or verify: they run every time and may not declare outputs. */
    public boolean isReadOnly() {
        return this == STATUS || this == PRE_CHECK || this == CHECK || this == POST_CHECK;
    }
}
