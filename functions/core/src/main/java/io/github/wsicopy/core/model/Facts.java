package io.github.wsicopy.core.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the rules engine may look at, gathered before it runs, so the rules stay pure.
 *
 * @param sourceImages  image id → image, for the requested ids WorkSpaces found (missing ids are absent)
 * @param destinations  (account, destination Region) → its facts
 * @param callerAccount the account the job runs in (trusted by default; the images' account for sharing)
 * @param sourceTags    source image id → its tags, read only when the request copies them (else empty)
 * @param accounts      the destination accounts, in order: the request's {@code destinationAccounts}, then the
 *                      accounts its OUs resolved to; the caller's account alone when it names none
 * @param unreachable   destination accounts whose role could not be assumed, and why (ACCOUNT_UNREACHABLE)
 * @param organizations account → the id of its AWS organization, where it was read (the BYOL sharing rule needs it);
 *                      the caller's account included
 * @param sourceBundleNames bundle id → name of the {@code bundles[].fromBundle} bundles found in the source Region
 *                      (read only when the request names one): the name the bundle gets in each target
 */
public record Facts(
        String jobId,
        String callerAccount,
        LocalDate date,
        Map<String, SourceImage> sourceImages,
        Map<Target, DestinationFacts> destinations,
        Map<String, Map<String, String>> sourceTags,
        List<String> accounts,
        Map<String, Reason> unreachable,
        Map<String, String> organizations,
        Map<String, String> sourceBundleNames) {

    public Facts(String jobId, String callerAccount, LocalDate date, Map<String, SourceImage> sourceImages,
            Map<Target, DestinationFacts> destinations, Map<String, Map<String, String>> sourceTags,
            List<String> accounts, Map<String, Reason> unreachable, Map<String, String> organizations) {
        this(jobId, callerAccount, date, sourceImages, destinations, sourceTags, accounts, unreachable, organizations,
                Map.of());
    }

    public Facts {
        sourceImages = Map.copyOf(sourceImages);
        destinations = Map.copyOf(destinations);
        sourceTags = Map.copyOf(sourceTags);
        accounts = List.copyOf(accounts);
        unreachable = Map.copyOf(unreachable);
        organizations = Map.copyOf(organizations);
        sourceBundleNames = Map.copyOf(sourceBundleNames);
    }

    public Map<String, String> tagsOf(String sourceImageId) {
        return sourceTags.getOrDefault(sourceImageId, Map.of());
    }

    public Optional<DestinationFacts> at(Target target) {
        return Optional.ofNullable(destinations.get(target));
    }
}
