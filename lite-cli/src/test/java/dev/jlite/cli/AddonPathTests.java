package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the addon path is read from the arguments, the environment and the per-user folder. */
class AddonPathTests {

    @TempDir
    Path tmp;

    @Test
    void theOptionIsFoundBeforeParsingInBothSpellingsUpToADoubleDash() {
        assertEquals(List.of("a", "b", "c"), AddonPath.optionValues(new String[] {"build", "--addon-path", "a", "--lite-dir", "x",
                "--addon-path=b", "--addon-path", "c", "--", "--addon-path", "d"}));
        assertEquals(List.of(), AddonPath.optionValues(new String[] {"build", "--addon-path"}),
                "a missing value is left to the parser, which says so");
        assertEquals(List.of(""), AddonPath.optionValues(new String[] {"--addon-path="}));
    }

    @Test
    void theUserFolderFollowsXdg() {
        assertEquals(Optional.of(Path.of("/data/jlite/addons")), AddonPath.defaultFolder(Map.of("XDG_DATA_HOME", "/data",
                "HOME", "/home/me")));
        assertEquals(Optional.of(Path.of("/home/me/.local/share/jlite/addons")), AddonPath.defaultFolder(Map.of(
                "XDG_DATA_HOME", "relative/is/ignored", "HOME", "/home/me")));
        assertEquals(Optional.of(Path.of("/home/me/.local/share/jlite/addons")), AddonPath.defaultFolder(Map.of("HOME", "/home/me")));
        assertEquals(Optional.empty(), AddonPath.defaultFolder(Map.of()));
    }

    @Test
    void jarsFromEverySourceAddUpSortedAndEachOnce() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Path b = Files.writeString(dir.resolve("b.jar"), "");
        Path a = Files.writeString(dir.resolve("a.JAR"), "");
        Files.writeString(dir.resolve("README.md"), "");
        Files.writeString(dir.resolve(".hidden.jar"), "");
        Files.createDirectories(dir.resolve("sub.jar"));
        Path single = Files.writeString(tmp.resolve("single.jar"), "");
        Path user = Files.createDirectories(tmp.resolve("data/jlite/addons"));
        Path mine = Files.writeString(user.resolve("mine.jar"), "");

        AddonPath.Selection s = AddonPath.select(new String[] {"addons", "--addon-path", "dir", "--addon-path=" + b},
                Map.of(AddonPath.ENV, single + File.pathSeparator + File.pathSeparator + dir, "XDG_DATA_HOME",
                        tmp.resolve("data").toString()), tmp);
        assertEquals(List.of(), s.errors());
        assertEquals(List.of(mine, a, b, single), s.jars());
    }

    @Test
    void everyUnusableEntryIsNamed() {
        AddonPath.Selection s = AddonPath.select(new String[] {"--addon-path", "one", "--addon-path", tmp.resolve("two").toString()},
                Map.of(AddonPath.ENV, "three"), tmp);
        assertEquals(List.of(
                "--addon-path one (" + tmp.resolve("one") + "): there is no such file or folder; give a folder of addon jars, or one addon jar",
                "--addon-path " + tmp.resolve("two") + ": there is no such file or folder; give a folder of addon jars, or one addon jar",
                "JLITE_ADDON_PATH entry three (" + tmp.resolve("three") + "): there is no such file or folder; give a folder of addon "
                        + "jars, or one addon jar"), s.errors());
        assertTrue(s.jars().isEmpty());
        assertEquals(List.of("--addon-path: the value is empty; give a folder of addon jars, or one addon jar"),
                AddonPath.select(new String[] {"--addon-path="}, Map.of(), tmp).errors());
    }
}
