package io.github.wsicopy.core.finish;

import io.github.wsicopy.core.model.AfterCopy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which copies are versions of the same thing, so retention keeps the newest of them. The rule:
 *
 * <p>{@code lineage = <group>/<base>}, where
 * <ul>
 *   <li>{@code group} is the request's {@code lineageGroup}, else the policy's id for a policy's runs, else
 *       {@code request} ({@link AfterCopy#lineageGroup}): two policies copying the same images never prune each
 *       other's copies, and a retry of a policy's run stays in the policy's lineages;</li>
 *   <li>{@code base} is the value of the source image's tag named by {@code retain.lineageTag} when the request
 *       names one and the source has it, else the source image's name without its version suffix: trailing
 *       version parts after a {@code - _ .} separator are removed, one after the other, where a part is a date
 *       ({@code 2024-01-31}, {@code 20240131}, optionally with a time {@code T0200}), a v-number or semantic
 *       version ({@code v12}, {@code 1.2.3}, {@code 1.2.3-rc1}) or a plain number (a build number). So
 *       {@code golden-win11-2024-01-31}, {@code golden-win11-v7} and {@code golden-win11-1.4.2} are all
 *       {@code golden-win11}. A name that would lose all its letters is kept whole.</li>
 * </ul>
 * The copy carries its lineage in the system tag {@code wsicopy:lineage}, so retention groups what WorkSpaces holds,
 * not what a job remembers. A tag value has at most 255 characters: a longer lineage keeps its first 238 and ends in
 * {@code ~} and 16 hex digits of its SHA-256, so distinct lineages stay distinct.
 */
public final class Lineage {
    static final int MAX_TAG_VALUE = 255;
    private static final Pattern VERSION_PART = Pattern.compile(
            "^(.+?)[-_.](?:\\d{4}[-_.]?\\d{2}[-_.]?\\d{2}(?:[-_.T]?\\d{4,6}Z?)?"   // a date, maybe with a time
                    + "|[vV]?\\d+(?:\\.\\d+)*(?:-?(?:rc|alpha|beta|pre)\\.?\\d*)?)$"); // v12, 1.2.3, 1.2.3-rc1, 042
    private static final Pattern LETTER = Pattern.compile("[A-Za-z]");

    private Lineage() {}

    /**
     * The lineage of a copy of a source image.
     *
     * @param sourceTags the source image's tags (read when the request names a lineage tag; else may be empty)
     */
    public static String of(AfterCopy afterCopy, String sourceName, Map<String, String> sourceTags) {
        Optional<String> fromTag = afterCopy.retain().flatMap(AfterCopy.Retention::lineageTag)
                .map(sourceTags::get).filter(v -> !v.isBlank());
        return bounded(afterCopy.lineageGroup() + "/" + fromTag.orElseGet(() -> withoutVersion(sourceName)));
    }

    /** The name without its trailing version parts (see the class comment). */
    public static String withoutVersion(String name) {
        String base = name == null ? "" : name;
        for (Matcher m = VERSION_PART.matcher(base); m.matches(); m = VERSION_PART.matcher(base)) {
            base = m.group(1);
        }
        return LETTER.matcher(base).find() ? base : (name == null ? "" : name);
    }

    /**
     * The lineage without its group: what names the lineage's SSM parameter ({@code AfterCopy.Publish}), so every
     * version of an image writes the same parameter. The group never has a {@code /} (AfterCopyParser).
     */
    public static String base(String lineage) {
        int slash = lineage.indexOf('/');
        return slash < 0 ? lineage : lineage.substring(slash + 1);
    }

    /**
     * Orders two names of one lineage by version, older first: runs of digits compare as numbers, the rest as text,
     * so {@code golden-v9 < golden-v10}, {@code 2024-01-31 < 2024-02-01} and {@code 1.2.10 > 1.2.9}.
     */
    public static final Comparator<String> NEWER_VERSION_LAST = Lineage::compareVersions;

    private static int compareVersions(String a, String b) {
        Matcher x = CHUNK.matcher(a);
        Matcher y = CHUNK.matcher(b);
        while (true) {
            boolean more = x.find();
            boolean moreB = y.find();
            if (!more || !moreB) {
                return Boolean.compare(more, moreB);
            }
            String p = x.group();
            String q = y.group();
            boolean digits = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0));
            int c = digits ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
    }

    private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

    static String bounded(String lineage) {
        if (lineage.length() <= MAX_TAG_VALUE) {
            return lineage;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(lineage.getBytes(StandardCharsets.UTF_8));
            return lineage.substring(0, MAX_TAG_VALUE - 17) + "~" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
