package io.github.wsicopy.core.finish;

import io.github.wsicopy.core.model.AfterCopy;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which copy each SSM parameter of a target gets: the one home of the rule the finishing step writes by and the dry
 * run shows. A parameter is named after the copy's lineage ({@link AfterCopy.Publish#parameterName} with
 * {@link Lineage#base}), so every version writes the same one; where a job makes several copies of one lineage in a
 * target (a selector matching several versions), the newest version's copy wins ({@link Lineage#NEWER_VERSION_LAST}
 * on the source names), so a parameter never goes back to an older image.
 */
final class Publication {
    private Publication() {}

    /**
     * @param tags       a copy's tags (its {@code wsicopy:lineage} system tag names the lineage)
     * @param sourceName a copy's source image name (the lineage when the copy has no lineage tag, and the version)
     * @return parameter name → the copy it holds, in the copies' order
     */
    static <T> Map<String, T> newestPerParameter(AfterCopy.Publish publish, List<T> copies,
            Function<T, List<Tag>> tags, Function<T, String> sourceName) {
        Map<String, T> newest = new LinkedHashMap<>();
        for (T copy : copies) {
            String base = lineage(tags.apply(copy)).map(Lineage::base)
                    .orElseGet(() -> Lineage.withoutVersion(sourceName.apply(copy)));
            newest.merge(publish.parameterName(base), copy, (a, b) ->
                    Lineage.NEWER_VERSION_LAST.compare(sourceName.apply(a), sourceName.apply(b)) >= 0 ? a : b);
        }
        return newest;
    }

    static Optional<String> lineage(List<Tag> tags) {
        return tags.stream().filter(t -> SystemTags.LINEAGE.equals(t.key())).map(Tag::value).findFirst();
    }
}
