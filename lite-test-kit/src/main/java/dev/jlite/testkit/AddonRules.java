package dev.jlite.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;

/**
 * ArchUnit rules that keep an addon hermetic: it touches the file system, the clock, the console and
 * the network only through the services core hands it, so builds stay reproducible and testable on an
 * in-memory file system. Apply them to your own classes:
 *
 * <pre>{@code
 * JavaClasses classes = AddonRules.importPackages("com.example.myaddon");
 * AddonRules.all().forEach(rule -> rule.check(classes));
 * }</pre>
 *
 * <p>Every rule fails on an empty set of classes, so a wrong package name cannot make it pass.
 */
public final class AddonRules {

    /** The class of jlite core that is allowed to reach the host (default file system, clock, environment). */
    public static final String HOST_CLASS = "dev.jlite.core.internal.Host";

    /** The package of jlite core that talks to the network (HTTP downloads, the npm client). */
    public static final String NETWORK_PACKAGE = "dev.jlite.core.internal.net";

    private AddonRules() {
    }

    /** Paths of the default file system: {@code Path.of}, {@code Paths.get}, {@code FileSystems.getDefault}, {@code java.io.File}. */
    public static final ArchRule NO_DEFAULT_FILE_SYSTEM = noClasses().that(notHost())
            .should().callMethod(Path.class, "of", String.class, String[].class)
            .orShould().callMethod(Path.class, "of", URI.class)
            .orShould().callMethod(Paths.class, "get", String.class, String[].class)
            .orShould().callMethod(Paths.class, "get", URI.class)
            .orShould().callMethod(FileSystems.class, "getDefault")
            .orShould().dependOnClassesThat().belongToAnyOf(File.class, FileInputStream.class,
                    FileOutputStream.class, FileReader.class, FileWriter.class,
                    RandomAccessFile.class)
            .because("files are reached through the Paths core hands out, which may be on an in-memory file system")
            .allowEmptyShould(false);

    /** The wall clock: {@code now()}, {@code currentTimeMillis}, {@code Clock.system*}, {@code new Date()}. */
    public static final ArchRule NO_WALL_CLOCK = noClasses().that(notHost())
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callConstructor(Date.class)
            .because("time comes from TaskContext.clock(), which SOURCE_DATE_EPOCH pins")
            .allowEmptyShould(false);

    /** The console and the process: {@code System.out/err/in}, {@code System.exit}, {@code printStackTrace}. */
    public static final ArchRule NO_STANDARD_STREAMS = noClasses().that(notHost())
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().accessField(System.class, "in")
            .orShould().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .orShould().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class)
            .because("addons report through diagnostics and read settings through their configuration")
            .allowEmptyShould(false);

    /** The network: sockets, URL connections, HTTP clients. */
    public static final ArchRule NO_DIRECT_NETWORK = noClasses().that(notHost())
            .should().dependOnClassesThat().belongToAnyOf(Socket.class, ServerSocket.class,
                    DatagramSocket.class, URLConnection.class, HttpURLConnection.class)
            .orShould().callMethod(URL.class, "openConnection")
            .orShould().callMethod(URL.class, "openStream")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.net.http..", "okhttp3..", "javax.net..")
            .because("downloads go through core's Sources, which caches, verifies and honours --offline")
            .allowEmptyShould(false);

    /** An addon sees core only through its exported API. */
    public static final ArchRule ONLY_CORE_API = noClasses().that().resideOutsideOfPackages("dev.jlite.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.jlite.core.internal..", "dev.jlite.cli..")
            .because("core's internals may change in any release; the SPI is dev.jlite.core.spi")
            .allowEmptyShould(false);

    /**
     * The rules every addon should pass.
     *
     * @return every rule above
     */
    public static List<ArchRule> all() {
        return List.of(NO_DEFAULT_FILE_SYSTEM, NO_WALL_CLOCK, NO_STANDARD_STREAMS, NO_DIRECT_NETWORK, ONLY_CORE_API);
    }

    /**
     * The production classes of the given packages (tests excluded).
     *
     * @param packages package names, e.g. {@code com.example.myaddon}
     * @return the classes, never empty
     * @throws IllegalArgumentException when no class is found, so that a wrong name cannot make a rule pass
     */
    public static JavaClasses importPackages(String... packages) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes found in " + String.join(", ", packages)
                    + "; check the package names");
        }
        return classes;
    }

    private static DescribedPredicate<JavaClass> notHost() {
        return DescribedPredicate.describe("are not " + HOST_CLASS + " or in " + NETWORK_PACKAGE,
                c -> !c.getName().equals(HOST_CLASS) && !c.getName().startsWith(HOST_CLASS + "$")
                        && !c.getPackageName().equals(NETWORK_PACKAGE));
    }
}
