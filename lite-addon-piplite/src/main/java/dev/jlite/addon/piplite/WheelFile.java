package dev.jlite.addon.piplite;

import java.time.Instant;

/** A wheel as it lands in the site: its metadata, size, digests and time. */
record WheelFile(Wheel wheel, long size, String md5, String sha256, Instant time) {
}
