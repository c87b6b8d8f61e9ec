package io.github.wsicopy.core.model;

import static io.github.wsicopy.core.model.ReasonCode.*;
import static io.github.wsicopy.core.model.ReasonText.*;

import java.util.ArrayList;
import java.util.List;

/**
 * One reason for every code and situation, with the parameters its writer records (docs/architecture.md,
 * "Reasons"). A new code or situation goes here, or {@code ReasonsTest} fails.
 */
public final class ReasonSamples {
    private ReasonSamples() {}

    private static Reason.Builder r(ReasonCode code) {
        return Reason.of(code);
    }

    public static List<Reason> all() {
        String img = "wsi-abc123def";
        String copy = "wsi-0copy0001";
        List<Reason.Builder> b = new ArrayList<>(List.of(
                r(ENCRYPTION_NOT_SUPPORTED),
                r(REGION_NOT_SUPPORTED).situation(SOURCE).with(Reason.SOURCE_REGION, "mars-east-1"),
                r(REGION_NOT_SUPPORTED).situation(DESTINATION).with(Reason.REGION, "mars-east-1"),
                r(DESTINATION_UNREACHABLE).situation(NO_FACTS).with(Reason.REGION, "eu-west-1"),
                r(DESTINATION_UNREACHABLE).situation(UNREADABLE).with(Reason.REGION, "eu-west-1")
                        .with(Reason.PROBLEM, "AccessDenied"),
                r(DESTINATION_UNREACHABLE).situation(COPY_DENIED).with(Reason.REGION, "eu-west-1")
                        .with(Reason.ERROR, "AccessDeniedException: no"),
                r(DESTINATION_UNREACHABLE).situation(POLL_DENIED).with(Reason.REGION, "eu-west-1")
                        .with(Reason.ERROR, "AccessDeniedException: no"),
                r(ACCOUNT_UNREACHABLE).situation(REFUSED).with(Reason.ACCOUNT, "333333333333")
                        .with(Reason.ROLE_ARN, "arn:aws:iam::333333333333:role/wsicopy-target")
                        .with(Reason.ERROR, "AccessDenied: not authorized to perform: sts:AssumeRole"),
                r(ACCOUNT_UNREACHABLE).situation(NO_EXTERNAL_ID).with(Reason.ACCOUNT, "333333333333")
                        .with(Reason.ROLE_ARN, "arn:aws:iam::333333333333:role/wsicopy-target"),
                r(IMAGE_NOT_FOUND).situation(AT_PLAN).with(Reason.IMAGE, img).with(Reason.SOURCE_REGION, "us-east-1"),
                r(IMAGE_NOT_FOUND).situation(GONE).with(Reason.IMAGE, img).with(Reason.SOURCE_REGION, "us-east-1")
                        .with(Reason.ERROR, "ResourceNotFoundException: gone"),
                r(IMAGE_NOT_AVAILABLE).with(Reason.IMAGE, img).with(Reason.SOURCE_REGION, "us-east-1")
                        .with(Reason.STATE, "PENDING"),
                r(UNTRUSTED_OWNER).situation(NO_OWNER).with(Reason.IMAGE, img),
                r(UNTRUSTED_OWNER).with(Reason.IMAGE, img).with(Reason.OWNER, "444455556666"),
                r(CHINA_SAME_REGION_ONLY).with(Reason.SOURCE_REGION, "us-east-1").with(Reason.REGION, "cn-northwest-1"),
                r(PARTITION_CROSSING).with(Reason.SOURCE_REGION, "us-east-1").with(Reason.REGION, "us-gov-west-1")
                        .with(Reason.SOURCE_PARTITION, "aws").with(Reason.PARTITION, "aws-us-gov"),
                r(GOVCLOUD_NEEDS_SUPPORT).with(Reason.SOURCE_REGION, "us-gov-east-1").with(Reason.REGION, "us-gov-west-1"),
                r(OPT_IN_REGION_NEEDS_SUPPORT).with(Reason.SOURCE_REGION, "af-south-1").with(Reason.REGION, "eu-west-1"),
                r(SAME_REGION_NOT_ALLOWED).with(Reason.REGION, "us-east-1"),
                r(BYOL_NOT_ENABLED).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1"),
                r(BYOL_NOT_ENABLED).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.ACCOUNT, "222222222222"),
                r(BYOL_NOT_ENABLED).situation(ReasonText.OTHER_ORGANIZATION).with(Reason.IMAGE, img)
                        .with(Reason.ACCOUNT, "222222222222"),
                r(ACCOUNT_UNREACHABLE).with(Reason.ACCOUNT, "333333333333")
                        .with(Reason.ROLE_ARN, "arn:aws:iam::333333333333:role/wsicopy-target")
                        .with(Reason.PROBLEM, "AccessDenied: not authorized to perform sts:AssumeRole"),
                r(IMAGE_NOT_SHAREABLE).with(Reason.IMAGE, img).with(Reason.OWNER, "444455556666")
                        .with(Reason.ACCOUNT, "222222222222"),
                r(INVALID_DESTINATION_NAME).situation(BROKEN_TEMPLATE).with(Reason.PROBLEM, "{nope} is not a placeholder"),
                r(INVALID_DESTINATION_NAME).situation(INVALID_TEXT).with(Reason.TEXT, "a:b")
                        .with(Reason.ORIGIN, FROM_TEMPLATE).with(Reason.PROBLEM, "contains ':'"),
                r(INVALID_DESTINATION_NAME).situation(TAKEN_IN_DESTINATION).with(Reason.NAME, "golden")
                        .with(Reason.REGION, "eu-west-1").with(Reason.COPY, "wsi-other0001"),
                r(INVALID_DESTINATION_NAME).situation(TAKEN_IN_PLAN).with(Reason.NAME, "golden")
                        .with(Reason.REGION, "eu-west-1"),
                r(INVALID_DESCRIPTION).situation(BROKEN_TEMPLATE).with(Reason.PROBLEM, "{nope} is not a placeholder"),
                r(INVALID_DESCRIPTION).situation(INVALID_TEXT).with(Reason.TEXT, "a,b")
                        .with(Reason.ORIGIN, FROM_SOURCE).with(Reason.PROBLEM, "contains ','"),
                r(ReasonCode.TOO_MANY_TAGS).with(Reason.IMAGE, img).with(Reason.COUNT, 51).with(Reason.SOURCE_TAGS, 45)
                        .with(Reason.LIMIT, 50),
                r(ReasonCode.BUNDLE_QUOTA_EXCEEDED).with(Reason.ACCOUNT, "222222222222").with(Reason.REGION, "eu-west-1")
                        .with(Reason.COUNT, 49).with(Reason.PLANNED, 2).with(Reason.NAME, "golden-a, golden-b")
                        .with(Reason.LIMIT, 50),
                r(ReasonCode.PUBLISH_PATH_NOT_ALLOWED).with(Reason.TEXT, "/other/").with(Reason.PATH, "/golden/")
                        .with(Reason.ACCOUNT, "222222222222").with(Reason.REGION, "eu-west-1"),
                r(RETIRED_BY_RETENTION).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.COPY, copy).with(Reason.JOB, "job-1"),
                r(ALREADY_REPLICATED).situation(SOURCE_ITSELF).with(Reason.IMAGE, img)
                        .with(Reason.SOURCE_REGION, "us-east-1").with(Reason.NAME, "golden"),
                r(ALREADY_REPLICATED).situation(REPLICA).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.COPY, copy).with(Reason.NAME, "golden").with(Reason.JOB, "job-1"),
                r(ALREADY_REPLICATED).situation(TAGGED_COPY).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.NAME, "golden"),
                r(ALREADY_REPLICATED).situation(NAME_OWNED).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.NAME, "golden"),
                r(FOREIGN_ERROR_IMAGE).situation(AT_PLAN).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.NAME, "golden"),
                r(FOREIGN_ERROR_IMAGE).situation(AT_COPY).with(Reason.IMAGE, img).with(Reason.REGION, "eu-west-1")
                        .with(Reason.COPY, copy),
                r(DESTINATION_QUOTA_EXCEEDED).situation(AT_PLAN).with(Reason.REGION, "eu-west-1").with(Reason.COUNT, 38)
                        .with(Reason.PLANNED, 2).with(Reason.LIMIT, 40),
                r(DESTINATION_QUOTA_EXCEEDED).situation(AT_PLAN).with(Reason.REGION, "eu-west-1").with(Reason.COUNT, 40)
                        .with(Reason.PLANNED, 0).with(Reason.LIMIT, 40).with(Reason.KEEP_LATEST, 2),
                r(DESTINATION_QUOTA_EXCEEDED).situation(AT_COPY).with(Reason.REGION, "eu-west-1")
                        .with(Reason.ERROR, "ResourceLimitExceededException: full"),
                r(INVALID_REQUEST).with(Reason.PROBLEM, "not a request"),
                r(COPY_FAILED).situation(GAVE_UP).with(Reason.REGION, "eu-west-1").with(Reason.ATTEMPTS, 3)
                        .with(Reason.NAME, "golden"),
                r(COPY_FAILED).situation(IN_ERROR).with(Reason.COPY, copy).with(Reason.REGION, "eu-west-1")
                        .with(Reason.ERROR, "InternalError: broke"),
                r(COPY_REFUSED).situation(ERROR_COPY_KEPT).with(Reason.COPY, copy).with(Reason.REGION, "eu-west-1")
                        .with(Reason.ERROR, "AccessDeniedException: no"),
                r(COPY_REFUSED).situation(REFUSED).with(Reason.ERROR, "InvalidParameterValuesException: no"),
                r(COPY_REFUSED).situation(SHARE_REFUSED).with(Reason.IMAGE, img).with(Reason.SOURCE_REGION, "us-east-1")
                        .with(Reason.ACCOUNT, "222222222222").with(Reason.ERROR, "OperationNotSupportedException: no"),
                r(COPY_DISAPPEARED).with(Reason.COPY, copy).with(Reason.REGION, "eu-west-1").with(Reason.JOB, "job-2"),
                r(NAME_CONFLICT).situation(APPEARED).with(Reason.NAME, "golden").with(Reason.COPY, copy)
                        .with(Reason.REGION, "eu-west-1"),
                r(NAME_CONFLICT).situation(RESOURCE).with(Reason.NAME, "golden").with(Reason.REGION, "eu-west-1"),
                r(COPY_DEADLINE_EXCEEDED).with(Reason.COPY, copy).with(Reason.REGION, "eu-west-1").with(Reason.HOURS, 24)
                        .with(Reason.JOB, "job-1"),
                r(CLOUDFORMATION_WAIT_EXCEEDED).with(Reason.COPY, copy).with(Reason.IMAGE, img)
                        .with(Reason.REGION, "eu-west-1").with(Reason.SECONDS, 3600)));
        for (String stage : List.of("PENDING", "STARTING", "COPYING")) {
            b.add(r(REGION_FAILED).with(Reason.REGION, "eu-west-1").with(Reason.STEP, START_COPIES)
                    .with(Reason.ERROR, "the step timed out").with(Reason.STAGE, stage).with(Reason.COPY, copy)
                    .with(Reason.NAME, "golden"));
            b.add(r(WORKFLOW_FAILED).with(Reason.ERROR, "States.Timeout").with(Reason.STAGE, stage)
                    .with(Reason.REGION, "eu-west-1").with(Reason.COPY, copy).with(Reason.NAME, "golden"));
            b.add(r(CANCELLED_BY_USER).with(Reason.STAGE, stage).with(Reason.REGION, "eu-west-1")
                    .with(Reason.COPY, copy).with(Reason.NAME, "golden"));
        }
        return b.stream().map(Reason.Builder::build).toList();
    }
}
