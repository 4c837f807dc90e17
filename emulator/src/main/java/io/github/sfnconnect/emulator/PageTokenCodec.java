package io.github.sfnconnect.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page tokens that carry the last returned item's position (its sort key, or its name for a listing in name
 * order), not an index, so that a listing continues where it stopped even while new items arrive ahead of it.
 *
 * <p>A token is bound to the arguments it was issued for (the "scope"), expires after 24 hours like the
 * service's, and is signed with a per-emulator key so a garbled token is detected rather than misread.
 */
final class PageTokenCodec {
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    private static final String VERSION = "v1";
    /** Tokens of listings in name order. */
    private static final String NAME_VERSION = "n1";
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
        return sign(String.join("|", VERSION, Long.toString(clock.millis()), Long.toString(position.millis()),
                Long.toString(position.sequence()), digest(scope)));
    }

    SortKey decode(String scope, String token) {
        String[] position = verified(scope, token, VERSION, 2);
        if (!position[0].matches("-?\\d{1,19}") || !position[1].matches("\\d{1,19}")) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        return new SortKey(Long.parseLong(position[0]), Long.parseLong(position[1]));
    }

    /** A token for a listing in name order (ListStateMachines): it carries the last name listed. */
    String encodeName(String scope, String name) {
        String encodedName = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(name.getBytes(StandardCharsets.UTF_8));
        return sign(String.join("|", NAME_VERSION, Long.toString(clock.millis()), encodedName, digest(scope)));
    }

    String decodeName(String scope, String token) {
        String position = verified(scope, token, NAME_VERSION, 1)[0];
        try {
            return new String(Base64.getUrlDecoder().decode(position), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token, "it is not a token this emulator issued");
        }
    }

    private String sign(String payload) {
        String signed = payload + "|" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position fields of a token this emulator signed, for these arguments, of this kind, unexpired: a token
     * is {@code <kind>|<issued millis>|<position fields>|<scope digest>|<signature>}.
     */
    private String[] verified(String scope, String token, String kind, int positionFields) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        String[] fields = text.split("\\|", -1);
        if (fields.length < 4) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        String payload = String.join("|", Arrays.copyOf(fields, fields.length - 1));
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(fields[fields.length - 1]);
        } catch (IllegalArgumentException e) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        if (!MessageDigest.isEqual(presented, mac(payload))) {
            throw invalid(token, "it is not a token this emulator issued");
        }
        if (!fields[fields.length - 2].equals(digest(scope)) || !fields[0].equals(kind)
                || fields.length != positionFields + 4 || !fields[1].matches("\\d{1,19}")) {
            throw invalid(token, "it was issued for a request with different arguments");
        }
        long issued = Long.parseLong(fields[1]);
        if (clock.instant().isAfter(Instant.ofEpochMilli(issued).plus(TOKEN_LIFETIME))) {
            throw invalid(token, "it expired " + TOKEN_LIFETIME.toHours() + " hours after it was issued");
        }
        return Arrays.copyOfRange(fields, 2, 2 + positionFields);
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
