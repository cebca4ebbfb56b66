/**
 * An example third-party jlite addon: it writes {@code hello/greeting.txt} into the site and tells the
 * front end the greeting.
 *
 * @provides dev.jlite.core.spi.Addon the {@code hello} addon
 */
// begin:module
module dev.example.hello {
    requires dev.jlite.core;                 // the SPI; nothing else of jlite, and no other addon

    provides dev.jlite.core.spi.Addon with dev.example.hello.HelloAddon;
}
// end:module
