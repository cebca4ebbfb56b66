package dev.jlite.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetrcTests {

    @Test
    void machinesAndTheDefault() {
        Netrc n = Netrc.parse("""
                machine mirror.example login ann password one
                machine other.example
                  login bob
                  password two
                default login anon password guest
                """);
        assertEquals(Optional.of(new Netrc.Credentials("ann", "one")), n.forHost("mirror.example"));
        assertEquals(Optional.of(new Netrc.Credentials("bob", "two")), n.forHost("other.example"));
        assertEquals(Optional.of(new Netrc.Credentials("anon", "guest")), n.forHost("elsewhere"));
    }

    @Test
    void theFirstEntryOfAHostWinsAndMacrosEndTheFile() {
        Netrc n = Netrc.parse("machine h login a password 1\nmachine h login b password 2\nmacdef init\ncd /\n");
        assertEquals(Optional.of(new Netrc.Credentials("a", "1")), n.forHost("h"));
        assertEquals(Optional.empty(), Netrc.parse("").forHost("h"));
    }
}
