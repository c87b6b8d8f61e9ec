package io.github.wsicopy.core.model;

import static io.github.wsicopy.core.model.Reason.ACCOUNT;
import static io.github.wsicopy.core.model.Reason.ATTEMPTS;
import static io.github.wsicopy.core.model.Reason.COPY;
import static io.github.wsicopy.core.model.Reason.COUNT;
import static io.github.wsicopy.core.model.Reason.ERROR;
import static io.github.wsicopy.core.model.Reason.HOURS;
import static io.github.wsicopy.core.model.Reason.IMAGE;
import static io.github.wsicopy.core.model.Reason.JOB;
import static io.github.wsicopy.core.model.Reason.KEEP_LATEST;
import static io.github.wsicopy.core.model.Reason.LIMIT;
import static io.github.wsicopy.core.model.Reason.NAME;
import static io.github.wsicopy.core.model.Reason.ORIGIN;
import static io.github.wsicopy.core.model.Reason.OWNER;
import static io.github.wsicopy.core.model.Reason.PARTITION;
import static io.github.wsicopy.core.model.Reason.PATH;
import static io.github.wsicopy.core.model.Reason.PLANNED;
import static io.github.wsicopy.core.model.Reason.PROBLEM;
import static io.github.wsicopy.core.model.Reason.REGION;
import static io.github.wsicopy.core.model.Reason.ROLE_ARN;
import static io.github.wsicopy.core.model.Reason.SECONDS;
import static io.github.wsicopy.core.model.Reason.SOURCE_PARTITION;
import static io.github.wsicopy.core.model.Reason.SOURCE_REGION;
import static io.github.wsicopy.core.model.Reason.SOURCE_TAGS;
import static io.github.wsicopy.core.model.Reason.STAGE;
import static io.github.wsicopy.core.model.Reason.STATE;
import static io.github.wsicopy.core.model.Reason.STEP;
import static io.github.wsicopy.core.model.Reason.TEXT;

import io.github.wsicopy.core.rules.Regions;

/**
 * The words of every {@link Reason}: what happened, naming the image, Region and field, and what to do. One
 * sentence per code and situation, rendered from the parameters with a surface's {@link Vocabulary} for the
 * request's fields and for "run the request again" (the bulk API's words by default; CloudFormation's property names
 * through {@code core.cloudformation.ResourceReasons}). The switch has no default: a new code without words does
 * not compile.
 */
public final class ReasonText {
    /** Situations ({@link Reason#CASE}) of codes that arise in more than one place. */
    public static final String AT_PLAN = "plan";
    public static final String SOURCE = "source";
    public static final String DESTINATION = "destination";
    public static final String NO_FACTS = "noFacts";
    public static final String UNREADABLE = "unreadable";
    public static final String COPY_DENIED = "copyDenied";
    public static final String POLL_DENIED = "pollDenied";
    public static final String GONE = "gone";
    public static final String NO_OWNER = "noOwner";
    public static final String BROKEN_TEMPLATE = "brokenTemplate";
    public static final String INVALID_TEXT = "invalidText";
    public static final String TAKEN_IN_DESTINATION = "takenInDestination";
    public static final String TAKEN_IN_PLAN = "takenInPlan";
    public static final String SOURCE_ITSELF = "sourceItself";
    public static final String REPLICA = "replica";
    public static final String TAGGED_COPY = "taggedCopy";
    public static final String NAME_OWNED = "nameOwned";
    public static final String AT_COPY = "copy";
    public static final String GAVE_UP = "gaveUp";
    public static final String IN_ERROR = "inError";
    public static final String ERROR_COPY_KEPT = "errorCopyKept";
    public static final String REFUSED = "refused";
    public static final String APPEARED = "appeared";
    public static final String RESOURCE = "resource";
    /** BYOL_NOT_ENABLED: the destination account is not in the source account's organization. */
    public static final String OTHER_ORGANIZATION = "otherOrganization";
    /** COPY_REFUSED: WorkSpaces would not share the source image with the destination account. */
    public static final String SHARE_REFUSED = "shareRefused";
    /** ACCOUNT_UNREACHABLE when the stack has no TargetExternalId to pass (else {@link #REFUSED}: STS said no). */
    public static final String NO_EXTERNAL_ID = "noExternalId";

    /** {@link Reason#ORIGIN} values: where judged text came from. */
    public static final String FROM_TEMPLATE = "template";
    public static final String FROM_SOURCE = "source";
    public static final String FROM_DEFAULT = "default";

    /** {@link Reason#STEP} values, the Region loop's states. */
    public static final String START_COPIES = "StartCopies";
    public static final String POLL_STATUS = "PollStatus";

    private ReasonText() {}

    public static String render(Reason r) {
        return render(r, Vocabulary.REQUEST);
    }

    public static String render(Reason r, Vocabulary v) {
        // A pair in another account names the account with the Region, in every sentence.
        String region = r.get(REGION) + r.find(ACCOUNT).map(a -> " of account " + a).orElse("");
        String source = r.get(SOURCE_REGION);
        String image = r.get(IMAGE);
        return switch (r.code()) {
            case ENCRYPTION_NOT_SUPPORTED -> "the request asks for an encrypted copy, but CopyWorkspaceImage has no"
                    + " encryption option; remove " + v.field("encrypted") + " or set it to false";
            case REGION_NOT_SUPPORTED -> r.situation(DESTINATION).equals(SOURCE)
                    ? "the source Region " + source + " has no Amazon WorkSpaces; give the Region the images are in,"
                            + " one of " + Regions.workSpacesRegions()
                    : region + " has no Amazon WorkSpaces, so no image can be copied there; remove it from "
                            + v.field("destinationRegions") + " (WorkSpaces Regions: " + Regions.workSpacesRegions() + ")";
            case DESTINATION_UNREACHABLE -> switch (r.situation(UNREADABLE)) {
                case NO_FACTS -> "no facts were gathered for " + region + ", so it is not known whether a copy fits"
                        + " there; " + v.again();
                case COPY_DENIED -> "access denied in " + region + "; grant workspaces:CopyWorkspaceImage there, then "
                        + v.retry() + ". " + r.get(ERROR);
                case POLL_DENIED -> "cannot read the copy's state in " + region
                        + "; grant workspaces:DescribeWorkspaceImages there. " + r.get(ERROR);
                default -> "WorkSpaces in " + region + " could not be read (" + r.find(PROBLEM).orElse("no reason given")
                        + "); check that the tool's role may call WorkSpaces there and that the Region is enabled"
                        + " for the account, then " + v.again();
            };
            case ACCOUNT_UNREACHABLE -> r.situation(REFUSED).equals(NO_EXTERNAL_ID)
                    ? "could not assume role " + r.get(ROLE_ARN) + " in account " + r.get(ACCOUNT) + ": the stack's"
                            + " TargetExternalId parameter is empty, so it copies into no other account; deploy"
                            + " templates/target-account-role.yaml in account " + r.get(ACCOUNT) + " (README, 'Target"
                            + " accounts') and set TargetExternalId to its ExternalId, then " + v.again()
                    : "could not assume role " + r.get(ROLE_ARN) + " in account " + r.get(ACCOUNT) + ": deploy"
                            + " templates/target-account-role.yaml there (README, 'Target accounts')"
                            + r.find(ERROR).map(e -> " (STS answered " + e + ")").orElse("") + ", then " + v.again();
            case IMAGE_NOT_FOUND -> r.situation(AT_PLAN).equals(GONE)
                    ? "the source image " + image + " is no longer visible in " + source + " (deleted or unshared). "
                            + r.get(ERROR)
                    : image + " was not found in " + source + "; check the id and the source Region, and for an image"
                            + " of another account that it is shared with this account";
            case IMAGE_NOT_AVAILABLE -> image + " in " + source + " is " + r.get(STATE) + "; only AVAILABLE images can"
                    + " be copied: wait for a PENDING image to finish, or recreate an image in ERROR, then " + v.again();
            case UNTRUSTED_OWNER -> r.situation("untrusted").equals(NO_OWNER)
                    ? image + ": WorkSpaces reports no owner account for this image, so its owner cannot be checked"
                            + " against the trusted accounts and it is not copied; describe the image"
                            + " (DescribeWorkspaceImages) to see who owns it, then " + v.again() + " once its owner"
                            + " is reported"
                    : image + " is shared with this account by account " + r.get(OWNER) + ", which is not trusted;"
                            + " verify that this is the account you expect (DescribeWorkspaceImagePermissions), then"
                            + " add \"" + r.get(OWNER) + "\" to " + v.field("trustedOwnerAccounts") + " to copy it (a"
                            + " request can name only accounts the stack's TrustedOwnerAccounts parameter lists: if it"
                            + " does not, ask the administrator to add it there)";
            case CHINA_SAME_REGION_ONLY -> "in the China (Ningxia) Region images can be copied only within the Region,"
                    + " so " + source + " to " + region + " is not possible; remove " + region + " from "
                    + v.field("destinationRegions");
            case PARTITION_CROSSING -> source + " is in partition " + r.get(SOURCE_PARTITION) + " and " + region
                    + " in partition " + r.get(PARTITION) + "; CopyWorkspaceImage cannot copy across partitions."
                    + " Remove " + region + " from " + v.field("destinationRegions") + ", or ask AWS Support whether"
                    + " they can move the image";
            case GOVCLOUD_NEEDS_SUPPORT -> "copying images to or from an AWS GovCloud (US) Region to another Region ("
                    + source + " to " + region + ") needs AWS Support: contact AWS Support to request the copy, and"
                    + " remove " + region + " from " + v.field("destinationRegions");
            case OPT_IN_REGION_NEEDS_SUPPORT -> source + " is an opt-in Region, and copying images out of it to"
                    + " another Region (" + region + ") needs AWS Support: contact AWS Support to request the copy,"
                    + " and remove " + region + " from " + v.field("destinationRegions");
            case SAME_REGION_NOT_ALLOWED -> region + " is the source Region; remove it from "
                    + v.field("destinationRegions") + ", or set " + v.field("allowSameRegion") + " to true and use a "
                    + v.field("nameTemplate") + " that differs from the source name (e.g. \"{sourceName}-copy\") to"
                    + " make a second image in the same Region";
            case IMAGE_NOT_SHAREABLE -> image + " belongs to account " + r.get(OWNER) + " and is only shared with this"
                    + " one, so it cannot be shared on to account " + r.get(ACCOUNT) + "; copy it into this account first"
                    + " and name that copy in " + v.field("imageIds") + ", or have account " + r.get(OWNER)
                    + " share it with " + r.get(ACCOUNT);
            case BYOL_NOT_ENABLED -> OTHER_ORGANIZATION.equals(r.situation(AT_PLAN))
                    ? image + " is a BYOL image, and WorkSpaces shares BYOL images only with accounts of the same"
                            + " organization; account " + r.get(ACCOUNT) + " is not in this account's organization, so"
                            + " remove it from " + v.field("destinationAccounts") + " (or copy a non-BYOL image there)"
                    : image + " is a BYOL image (RequiredTenancy DEDICATED), and BYOL is not enabled in "
                    + region + "; enable BYOL for the account in " + region + " (DescribeAccount must report"
                    + " DedicatedTenancySupport ENABLED), then " + v.again();
            case INVALID_DESTINATION_NAME -> switch (r.situation(INVALID_TEXT)) {
                case TAKEN_IN_DESTINATION -> "the name \"" + r.get(NAME) + "\" is already used in " + region
                        + " by the copy of " + r.get(COPY) + "; names must be unique in a Region: add {sourceImageId}"
                        + " to " + v.field("nameTemplate");
                case TAKEN_IN_PLAN -> "another image of this request is already planned to be copied to " + region
                        + " as \"" + r.get(NAME) + "\"; names must be unique in a Region: add {sourceImageId} to "
                        + v.field("nameTemplate");
                default -> invalidText(r, ImageText.NAME, v.field("nameTemplate"));
            };
            case INVALID_DESCRIPTION -> invalidText(r, ImageText.DESCRIPTION, v.field("description"));
            case TOO_MANY_TAGS -> "the copy of " + image + " would carry " + r.get(COUNT) + " tags (" + r.get(SOURCE_TAGS)
                    + " copied from the source image, the rest from " + v.field("tags") + " and the "
                    + SystemTags.KEYS.size() + " wsicopy system tags), over WorkSpaces' limit of " + r.get(LIMIT)
                    + " tags per image; remove tags from " + image + " or from " + v.field("tags") + ", or set "
                    + v.field("copySourceTags") + " to false, then " + v.again();
            case BUNDLE_QUOTA_EXCEEDED -> region + " holds " + r.get(COUNT) + " bundles of the account, and "
                    + v.field("bundles") + " would create " + r.get(PLANNED) + " more there (" + r.get(NAME) + "), over"
                    + " WorkSpaces' quota of " + r.get(LIMIT) + " bundles per Region; nothing was copied there. Delete"
                    + " bundles nobody uses in " + region + ", name an existing bundle in " + v.field("bundles")
                    + " (it is updated, which takes no room), or have the quota raised (Service Quotas), then "
                    + v.again();
            case PUBLISH_PATH_NOT_ALLOWED -> v.field("publish.parameterPrefix") + " \"" + r.get(TEXT) + "\" is not"
                    + " below the stack's PublishParameterPath \"" + r.get(PATH) + "\", the only path wsicopy may write"
                    + " parameters under, so nothing is copied to " + region + "; use a prefix that starts with \""
                    + r.get(PATH) + "\" (e.g. \"" + r.get(PATH) + "images/\"), or deploy the stack with a"
                    + " PublishParameterPath that covers it, then " + v.again();
            case RETIRED_BY_RETENTION -> "retention (" + v.field("retain.keepLatest") + ") of job " + r.get(JOB)
                    + " deleted the copy " + r.get(COPY) + " of " + image + " in " + region + " because newer copies of"
                    + " its lineage replaced it, so it is not copied again; to have it back, list this pair in "
                    + v.field("pairs") + " of a request";
            case ALREADY_REPLICATED -> switch (r.situation(NAME_OWNED)) {
                case SOURCE_ITSELF -> image + " itself is in " + source + " as \"" + r.get(NAME) + "\"; nothing to"
                        + " copy. For a second image in the same Region, use a " + v.field("nameTemplate")
                        + " that changes the name, e.g. \"{sourceName}-copy\"";
                case REPLICA -> image + " was already copied to " + region + " as "
                        + r.find(COPY).orElse("a copy not yet started")
                        + r.find(NAME).map(n -> " (\"" + n + "\")").orElse("")
                        + r.find(JOB).map(j -> " by job " + j).orElse("") + "; nothing to do";
                case TAGGED_COPY -> image + " was already copied to " + region + " as \"" + r.get(NAME)
                        + "\"; nothing to do";
                default -> "an image named \"" + r.get(NAME) + "\" already exists in " + region + ", so it is taken as"
                        + " the copy of " + image + "; if it is a different image, change " + v.field("nameTemplate")
                        + " so the names differ";
            };
            case FOREIGN_ERROR_IMAGE -> r.situation(AT_PLAN).equals(AT_COPY)
                    ? "the image " + r.get(COPY) + " in " + region + " is in ERROR and its tags do not say it is a"
                            + " wsicopy copy of " + image + ", so it is not deleted; delete it yourself if it is not"
                            + " needed, then retry"
                    : "an image named \"" + r.get(NAME) + "\" in " + region + " is in ERROR and was not made by"
                            + " wsicopy (it has no wsicopy system tags), so it is neither taken as the copy of " + image
                            + " nor deleted; delete it yourself, or change " + v.field("nameTemplate") + " so the names"
                            + " differ, then " + v.again();
            case DESTINATION_QUOTA_EXCEEDED -> r.situation(AT_PLAN).equals(AT_COPY)
                    ? "the image quota of " + region + " is reached; raise it (Service Quotas) or delete images, then "
                            + v.retry() + ". " + r.get(ERROR)
                    : region + " holds " + r.get(COUNT) + " images and this request already plans " + r.get(PLANNED)
                            + " more; this copy would make " + after(r) + ", over the image quota of " + r.get(LIMIT)
                            + quotaSource(r) + ". Raise the WorkSpaces images quota in " + region + " (Service Quotas), or delete images"
                            + " you no longer need, then " + v.again() + retentionFreesLater(r, v);
            case INVALID_REQUEST -> "the request is invalid: " + r.find(PROBLEM).orElse("no reason given");
            case COPY_FAILED -> r.situation(IN_ERROR).equals(GAVE_UP)
                    ? "gave up after " + r.get(ATTEMPTS) + " attempts to start the copy in " + region + " without an"
                            + " answer from WorkSpaces; no copy named " + r.get(NAME) + " exists there"
                    : "WorkSpaces reports the copy " + r.get(COPY) + madeBy(r) + " in " + region + " in ERROR: "
                            + r.get(ERROR);
            case COPY_REFUSED -> r.situation(REFUSED).equals(SHARE_REFUSED)
                    ? "WorkSpaces refused to share " + image + " with account " + r.get(ACCOUNT) + " (" + r.get(ERROR)
                            + "), so it cannot be copied there; BYOL images are shared only with accounts of the same"
                            + " organization, and the image must still exist in " + source
                    : r.situation(REFUSED).equals(ERROR_COPY_KEPT)
                    ? "our copy " + r.get(COPY) + " in " + region + " is in ERROR and could not be deleted to copy"
                            + " again: " + r.get(ERROR) + ". Grant workspaces:DeleteWorkspaceImage on images tagged "
                            + SystemTags.SOURCE_IMAGE_ID + ", or delete it yourself, then retry"
                    : "WorkSpaces refused the copy. " + r.get(ERROR);
            case COPY_DISAPPEARED -> "the copy " + r.get(COPY) + madeBy(r) + " no longer exists in " + region
                    + " (deleted while copying?); retry the job to copy again";
            case NAME_CONFLICT -> r.situation(APPEARED).equals(RESOURCE)
                    ? "an image named " + r.get(NAME) + " already exists in " + region + ". Image names are unique in a"
                            + " Region, and CloudFormation creates a replacement before it deletes the image it"
                            + " replaces: give a DestinationImageName that is not in use, or leave it out for a"
                            + " generated unique name"
                    : "an image named " + r.get(NAME) + " (" + r.get(COPY) + ") appeared in " + region + " after the"
                            + " job was planned and was not made by this job; rename or delete it, then retry";
            case COPY_DEADLINE_EXCEEDED -> "the copy " + r.get(COPY) + " in " + region + " was still PENDING in"
                    + " WorkSpaces " + r.get(HOURS) + " hours after it started (MaxCopyHours); it may still finish"
                    + " there: check the image " + r.get(COPY) + " in " + region + ", then delete it or, if it became"
                    + " AVAILABLE, keep it, and retry the job (POST /jobs/" + r.get(JOB) + "/retry), which finds a"
                    + " finished copy already replicated";
            case REGION_FAILED -> stopped(r, regionStopped(region, r.get(STEP), r.get(ERROR)), v);
            case WORKFLOW_FAILED -> stopped(r, r.find(ERROR).map(e -> "the workflow stopped because " + e)
                    .orElse("the workflow ended"), v);
            case CLOUDFORMATION_WAIT_EXCEEDED -> "CloudFormation stopped waiting for the copy " + r.find(COPY).orElse("")
                    + " after " + r.get(SECONDS) + " s (the resource's ServiceTimeout); the copy may still complete in "
                    + region;
            case CANCELLED_BY_USER -> switch (r.find(STAGE).orElse("PENDING")) {
                case "COPYING" -> "the job was cancelled while WorkSpaces was copying to " + region + " as "
                        + r.get(COPY) + "; WorkSpaces cannot stop a copy, so it goes on and the image will be there:"
                        + " delete it if you do not want it";
                case "STARTING" -> "the job was cancelled while this copy was being started; if WorkSpaces made it,"
                        + " it is in " + region + " named " + r.get(NAME);
                default -> "the job was cancelled before this copy started";
            };
        };
    }

    /** "Copying to eu-west-1 stopped: starting the copies there failed because ...". */
    public static String regionStopped(String region, String step, String error) {
        String doing = START_COPIES.equals(step) ? "starting the copies" : "checking the copies' progress";
        return "Copying to " + region + " stopped: " + doing + " there failed because " + error;
    }

    /** An open task's end when its workflow (or its Region's loop) stopped: what was under way, what to check. */
    private static String stopped(Reason r, String why, Vocabulary v) {
        String region = r.get(REGION);
        return switch (r.find(STAGE).orElse("PENDING")) {
            case "COPYING" -> why + ", while the copy " + r.get(COPY) + " was still running in " + region
                    + "; it may still complete there: check it, then " + v.retry();
            case "STARTING" -> why + ", while the copy was being started in " + region + "; an image named "
                    + r.get(NAME) + " may exist there: check it, then " + v.retry();
            default -> why + ", before this copy started; " + v.retry();
        };
    }

    private static String invalidText(Reason r, ImageText target, String field) {
        if (r.situation(INVALID_TEXT).equals(BROKEN_TEMPLATE)) {
            return "the " + field + " cannot be used: " + r.get(PROBLEM);
        }
        String origin = switch (r.find(ORIGIN).orElse(FROM_TEMPLATE)) {
            case FROM_SOURCE -> "the source image's description";
            case FROM_DEFAULT -> "the default description";
            default -> "rendered from " + field;
        };
        return "the " + target.label() + " \"" + r.get(TEXT) + "\" (" + origin + ") " + r.get(PROBLEM) + "; change "
                + field + " so it renders to a valid " + target.label();
    }

    private static String madeBy(Reason r) {
        return r.find(JOB).map(other -> " (made by job " + other + ", which this task followed)").orElse("");
    }

    /** Which quota the plan used: the one applied in Service Quotas, or the stack's configured default. */
    private static String quotaSource(Reason r) {
        return r.find(Reason.QUOTA_SOURCE).map(source -> DestinationFacts.QUOTA_FROM_SERVICE_QUOTAS.equals(source)
                ? " (applied to the account there, read from Service Quotas)"
                : " (the configured ImageQuotaPerRegion; set ImageQuotaCode to read the applied value)").orElse("");
    }

    /**
     * Retention frees slots only after the run: the copy needs its slot while PENDING, so the rule does not count what
     * retention will delete (README, "Retention and the quota").
     */
    private static String retentionFreesLater(Reason r, Vocabulary v) {
        return r.find(KEEP_LATEST).map(n -> ". " + v.field("retain.keepLatest") + " (" + n + ") deletes older copies"
                + " only after this run's copies are AVAILABLE, and a copy needs its slot while it is PENDING, so what"
                + " it will free makes room for the next run, not this one; the dry run lists what it will delete")
                .orElse("");
    }

    private static String after(Reason r) {
        try {
            return String.valueOf(Integer.parseInt(r.get(COUNT)) + Integer.parseInt(r.get(PLANNED)) + 1);
        } catch (NumberFormatException e) {
            return "more";
        }
    }
}
