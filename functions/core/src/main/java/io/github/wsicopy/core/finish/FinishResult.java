package io.github.wsicopy.core.finish;

import java.util.Optional;

/**
 * One thing the finishing step did, or failed to do, in one (account, Region) of a job: recorded as its own item
 * ({@link FinishResults}), listed by the job report, the API and the notification.
 */
public sealed interface FinishResult {
    String account();

    String region();

    /** The item's kind in its key: what it is about. */
    Subject subject();

    /** False for {@link Failed}: a later run of the step may still do it. */
    default boolean done() {
        return !(this instanceof Failed);
    }

    /** What a result is about: an image retention looked at, a bundle, a parameter. */
    record Subject(String kind, String id) {
        public static final String RETENTION = "RETENTION";
        public static final String BUNDLE = "BUNDLE";
        public static final String PARAMETER = "PARAMETER";

        public static Subject image(String imageId) {
            return new Subject(RETENTION, imageId);
        }

        public static Subject bundle(String nameOrSourceId) {
            return new Subject(BUNDLE, nameOrSourceId);
        }

        public static Subject parameter(String name) {
            return new Subject(PARAMETER, name);
        }
    }

    /** Retention deleted an older copy. */
    record ImageDeleted(String account, String region, String imageId, String lineage, String why)
            implements FinishResult {
        public Subject subject() {
            return Subject.image(imageId);
        }
    }

    /** Retention meant to delete it, but WorkSpaces refused because it is in use (or not deletable now): kept. */
    record ImageKept(String account, String region, String imageId, String lineage, String why)
            implements FinishResult {
        public Subject subject() {
            return Subject.image(imageId);
        }
    }

    /** A bundle of that name now uses the new image. */
    record BundleRolledOut(String account, String region, String name, String bundleId, String imageId,
            boolean created) implements FinishResult {
        public Subject subject() {
            return Subject.bundle(name);
        }
    }

    /** The SSM parameter holds the new image id. */
    record ParameterWritten(String account, String region, String name, long version, String imageId)
            implements FinishResult {
        public Subject subject() {
            return Subject.parameter(name);
        }
    }

    /**
     * One item could not be done; the copies and the other items are not affected.
     *
     * @param imageId the image the item was about, if any
     * @param error   a sentence: what failed, why, and what to do
     */
    record Failed(String account, String region, Subject subject, Optional<String> imageId, String error)
            implements FinishResult {}
}
