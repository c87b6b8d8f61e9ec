package io.github.wsicopy.core.model;

import java.util.List;
import java.util.Locale;

/**
 * Tags the project puts on every copy, so a later run (and the store) can tell which source an image came
 * from even when the user changed the name template. They count against the 50-tag limit of an image,
 * which is why users may give at most {@link #MAX_USER_TAGS} tags.
 */
public final class SystemTags {
    /** Keys starting with this belong to the project; users may not set them. */
    public static final String PREFIX = "wsicopy:";
    public static final String SOURCE_IMAGE_ID = PREFIX + "source-image-id";
    public static final String SOURCE_REGION = PREFIX + "source-region";
    public static final String JOB_ID = PREFIX + "job-id";
    /** Which copies are versions of one image (core.finish.Lineage): retention keeps the newest of each lineage. */
    public static final String LINEAGE = PREFIX + "lineage";

    public static final List<String> KEYS = List.of(SOURCE_IMAGE_ID, SOURCE_REGION, JOB_ID, LINEAGE);

    /** WorkSpaces allows at most 50 tags on a resource. */
    public static final int MAX_TAGS_PER_IMAGE = 50;
    public static final int MAX_USER_TAGS = MAX_TAGS_PER_IMAGE - KEYS.size();

    private SystemTags() {}

    /** The system tags of one copy, in {@link #KEYS} order. */
    public static List<Tag> forCopy(String sourceImageId, String sourceRegion, String jobId, String lineage) {
        return List.of(
                new Tag(SOURCE_IMAGE_ID, sourceImageId),
                new Tag(SOURCE_REGION, sourceRegion),
                new Tag(JOB_ID, jobId),
                new Tag(LINEAGE, lineage));
    }

    /** Case-insensitive, so {@code WSICOPY:x} cannot pass for a different key in a listing or a filter. */
    public static boolean isReserved(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }
}
