package io.github.wsicopy.core.model;

/**
 * The words a surface uses for what reasons and field errors refer to: the request's fields (by their JSON path in
 * a bulk request, e.g. {@code nameTemplate}, {@code tags[2].key}) and how to try again. The bulk API speaks in
 * field names; a CloudFormation resource in its properties (see {@code core.cloudformation.PropertyNames}).
 */
public interface Vocabulary {
    /** The name this surface gives the bulk request's field at {@code path}. */
    String field(String path);

    /** "run the request again": after fixing what the reason names. */
    String again();

    /** "retry the failed tasks": after a copy failed while the job ran. */
    String retry();

    /** The bulk API's own words. */
    Vocabulary REQUEST = new Vocabulary() {
        @Override
        public String field(String path) {
            return path;
        }

        @Override
        public String again() {
            return "run the request again";
        }

        @Override
        public String retry() {
            return "retry the failed tasks";
        }
    };
}
