package io.github.sfnconnect.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page tokens that carry the last returned item's sort key, not an index, so that a listing
 * continues where it stopped even while new items arrive ahead of it.
 *
 * <p>A token is bound to the arguments it was issued for (the "scope"), expires after 24 hours like the
 * service's, and is signed with a per-emulator key so a garbled token is detected rather than misread.
 */
final class PageTokenCodec {
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private final Clock clock;
    private final SecretKeySpec key;

    PageTokenCodec(Clock clock) {
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    String encode(String scope, SortKey position) {
        String payload = String.join("|", VERSION, Long.toString(clock.millis()), Long.toString(position.millis()),
                Long.toString(position.sequence()), digest(scope));
        String signed = payload + "|" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed.getBytes(StandardCharsets.UTF_8));
    }

    SortKey decode(String scope, String token) {
        String[] fields = unpack(token);
        String payload = String.join("|", fields[0], fields[1], fields[2], fields[3], fields[4]);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(fields[5]);
        } catch (IllegalArgumentException e) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        if (!fields[0].equals(VERSION) || !MessageDigest.isEqual(presented, mac(payload))) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        if (!fields[4].equals(digest(scope))) {
            throw invalid(token, "it was issued for a request with different arguments");
        }
        long issued = Long.parseLong(fields[1]);
        if (clock.instant().isAfter(Instant.ofEpochMilli(issued).plus(TOKEN_LIFETIME))) {
            throw invalid(token, "it expired " + TOKEN_LIFETIME.toHours() + " hours after it was issued");
        }
        return new SortKey(Long.parseLong(fields[2]), Long.parseLong(fields[3]));
    }

    private static String[] unpack(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        String[] fields = text.split("\\|", -1);
        if (fields.length != 6 || !fields[1].matches("\\d{1,19}") || !fields[2].matches("-?\\d{1,19}")
                || !fields[3].matches("\\d{1,19}")) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        return fields;
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static String digest(String scope) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static ApiException invalid(String token, String why) {
        String shown = token.length() > 64 ? token.substring(0, 64) + "..." : token;
        return new ApiException(ErrorType.INVALID_TOKEN, "Invalid Token: '" + shown + "' (" + why + ")");
    }
}
