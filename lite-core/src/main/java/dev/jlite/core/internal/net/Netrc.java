package dev.jlite.core.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Credentials from a {@code .netrc} file: {@code machine}, {@code login}, {@code password}, {@code default}. */
public final class Netrc {

    /** A login and password. */
    public record Credentials(String login, String password) {
    }

    private final Map<String, Credentials> machines;
    private final Optional<Credentials> fallback;

    private Netrc(Map<String, Credentials> machines, Optional<Credentials> fallback) {
        this.machines = Map.copyOf(machines);
        this.fallback = fallback;
    }

    public static Netrc empty() {
        return new Netrc(Map.of(), Optional.empty());
    }

    /** Reads a {@code .netrc} file; a missing file gives no credentials. */
    public static Netrc read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Netrc parse(String text) {
        String[] tokens = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        Map<String, Credentials> machines = new HashMap<>();
        Optional<Credentials> fallback = Optional.empty();
        String machine = null;
        boolean isDefault = false;
        String login = null;
        String password = null;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            switch (t) {
                case "machine", "default" -> {
                    if (machine != null || isDefault) {
                        Credentials c = new Credentials(login == null ? "" : login, password == null ? "" : password);
                        if (isDefault) {
                            fallback = Optional.of(c);
                        } else {
                            machines.putIfAbsent(machine, c);
                        }
                    }
                    isDefault = t.equals("default");
                    machine = isDefault ? null : (i + 1 < tokens.length ? tokens[++i] : null);
                    login = null;
                    password = null;
                }
                case "login" -> login = i + 1 < tokens.length ? tokens[++i] : null;
                case "password" -> password = i + 1 < tokens.length ? tokens[++i] : null;
                case "account" -> i++;
                case "macdef" -> {
                    // A macro runs to the end of the file in this simple reader; nothing after it is used.
                    i = tokens.length;
                }
                default -> {
                    // unknown token: skip
                }
            }
        }
        if (machine != null || isDefault) {
            Credentials c = new Credentials(login == null ? "" : login, password == null ? "" : password);
            if (isDefault) {
                fallback = Optional.of(c);
            } else {
                machines.putIfAbsent(machine, c);
            }
        }
        return new Netrc(machines, fallback);
    }

    /** The credentials for a host, or the {@code default} entry. */
    public Optional<Credentials> forHost(String host) {
        Credentials c = machines.get(host);
        return c != null ? Optional.of(c) : fallback;
    }
}
