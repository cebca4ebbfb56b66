package dev.jlite.core.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a run was asked to do, and so which phases it runs. */
public enum Command {
    /** Report what a build would do; writes nothing. */
    STATUS(EnumSet.of(Phase.STATUS)),
    /** Lay down the app and fetch what later phases need. */
    INIT(EnumSet.range(Phase.PRE_INIT, Phase.POST_INIT)),
    /** Build the site. */
    BUILD(EnumSet.range(Phase.PRE_INIT, Phase.POST_BUILD)),
    /** Build, then verify what was written. */
    CHECK(union(EnumSet.range(Phase.PRE_INIT, Phase.POST_BUILD), EnumSet.range(Phase.PRE_CHECK, Phase.POST_CHECK))),
    /** Build, then pack the site into an archive. */
    ARCHIVE(union(EnumSet.range(Phase.PRE_INIT, Phase.POST_BUILD), EnumSet.range(Phase.PRE_ARCHIVE, Phase.POST_ARCHIVE))),
    /** Build, then serve the site (the server itself is the caller's). */
    SERVE(EnumSet.range(Phase.PRE_INIT, Phase.POST_BUILD));

    private final Set<Phase> phases;

    Command(Set<Phase> phases) {
        this.phases = Collections.unmodifiableSet(phases);
    }

    /** The phases this command runs, in execution order. */
    public Set<Phase> phases() {
        return phases;
    }

    /** The command's name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Set<Phase> union(EnumSet<Phase> a, EnumSet<Phase> b) {
        a.addAll(b);
        return a;
    }
}
