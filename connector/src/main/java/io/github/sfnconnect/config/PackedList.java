package io.github.sfnconnect.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.kafka.common.config.ConfigException;

/**
 * A list of ARNs as one task configuration value, compressed when long. Connect stores each task's configuration as
 * one record of its config topic, which the worker's producer caps at {@code max.request.size} (1 MiB by default);
 * 10,000 state machine ARNs are about 650 KB as text and fail there, with the connector left running without tasks.
 * Packed (gzip, then Base64), ARNs that share their region, account and most of their names take a tenth of that.
 * Lists up to {@link #PACK_ABOVE_CHARS} stay plain and comma-separated, as readable in the REST API as before.
 * <p>
 * The packing is deterministic (gzip's header carries no time here), so that the same share gives the same
 * configuration and Connect restarts no task for it.
 */
public final class PackedList {

    /** Marks a packed value; an ARN begins with {@code arn:}, so a plain list never does. */
    static final String PREFIX = "gzip+base64:";
    /** About 200 ARNs: a plain list up to this length. */
    static final int PACK_ABOVE_CHARS = 16 * 1024;

    private PackedList() {
    }

    /** The items, comma-separated, packed if longer than {@link #PACK_ABOVE_CHARS}. */
    public static String pack(List<String> items) {
        String plain = String.join(",", items);
        if (plain.length() <= PACK_ABOVE_CHARS) {
            return plain;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(plain.length() / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(plain.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Compressing a list in memory", e);
        }
        return PREFIX + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The items of a value {@link #pack} made, or of a plain comma-separated list; empty for an empty value. */
    public static List<String> unpack(String key, String value) {
        String plain = value;
        if (value.startsWith(PREFIX)) {
            try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(
                    Base64.getDecoder().decode(value.substring(PREFIX.length()))))) {
                plain = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(key, value.substring(0, Math.min(value.length(), 40)) + "...",
                        "Not a packed list (" + e.getMessage() + "): the connector writes this internal key; restart "
                                + "the connector so that it writes its task configurations again");
            }
        }
        return plain.isBlank() ? List.of() : Arrays.stream(plain.split(",")).map(String::trim).toList();
    }
}
