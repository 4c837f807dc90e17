package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HTTP {@code Date} header's IMF-fixdate form (RFC 9110 5.6.7, the RFC 1123 date AWS sends), e.g.
 * {@code Wed, 01 May 2024 10:00:00 GMT}. Not {@link DateTimeFormatter#RFC_1123_DATE_TIME}: that one drops the
 * day's leading zero, which IMF-fixdate requires.
 */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
