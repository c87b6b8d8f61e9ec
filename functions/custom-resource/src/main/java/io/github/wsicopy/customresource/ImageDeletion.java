package io.github.wsicopy.customresource;

import io.github.wsicopy.core.cloudformation.Decision;
import io.github.wsicopy.core.cloudformation.PropertyNames;
import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.cloudformation.ResourceRecord;
import io.github.wsicopy.core.cloudformation.ResponseLedger;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.Map;
import java.util.Optional;

/**
 * Delete: removes the copy the resource made. Succeeds when there is nothing to remove (a Create that failed
 * before a copy existed, an image already gone), keeps the image when RetainOnDelete is true, and never
 * deletes a source image (AllowCopyInSameRegion in the source's own Region).
 */
final class ImageDeletion {
    private final WorkSpacesGateway workspaces;
    private final ResponseLedger ledger;

    ImageDeletion(WorkSpacesGateway workspaces, ResponseLedger ledger) {
        this.workspaces = workspaces;
        this.ledger = ledger;
    }

    Decision delete(ResourceEvent event) {
        String physicalId = event.physicalResourceId().orElse("");
        Map<String, Object> props = event.properties();
        if (PropertyParser.retainOnDelete(props)) {
            return Decision.success(physicalId, Map.of(), "kept " + physicalId + ": RetainOnDelete is true");
        }
        if (!RequestParser.IMAGE_ID.matcher(physicalId).matches()) {
            return Decision.success(physicalId, Map.of(), "nothing to delete: this resource never got an image");
        }
        Optional<ResourceRecord> record = ledger.resource(event.stackId(), event.logicalResourceId(), physicalId);
        boolean source = record.map(r -> r.kind() == ResourceRecord.Kind.SOURCE)
                .orElseGet(() -> physicalId.equals(props.get(PropertyNames.IMAGE_ID)));
        if (source) {
            ledger.forgetResource(event.stackId(), event.logicalResourceId(), physicalId);
            return Decision.success(physicalId, Map.of(), physicalId + " is the source image itself"
                    + " (AllowCopyInSameRegion): nothing was copied, so nothing is deleted");
        }
        Optional<String> region = record.map(ResourceRecord::destinationRegionId)
                .or(() -> Optional.ofNullable(props.get(PropertyNames.DESTINATION_REGION_ID))
                        .map(String::valueOf).filter(r -> RequestParser.REGION.matcher(r).matches()));
        if (region.isEmpty()) {
            return Decision.failed(physicalId, PropertyNames.DESTINATION_REGION_ID + " (rule required): the provider"
                    + " cannot tell which Region " + physicalId + " is in; delete the image yourself, then delete"
                    + " the resource with RetainOnDelete: true (or DeletionPolicy: Retain)");
        }
        try {
            workspaces.deleteImage(region.get(), physicalId);
        } catch (WorkSpacesError e) {
            if (e.kind() != WorkSpacesError.Kind.NOT_FOUND) {
                return Decision.failed(physicalId, "DeleteWorkspaceImage refused to delete " + physicalId + " in "
                        + region.get() + " (" + e.describe() + "). If the copy is still running, wait until it is"
                        + " AVAILABLE or ERROR; otherwise delete the image yourself. Then delete again, or keep the"
                        + " image with RetainOnDelete: true (or DeletionPolicy: Retain)");
            }
        }
        ledger.forgetResource(event.stackId(), event.logicalResourceId(), physicalId);
        return Decision.success(physicalId, Map.of(), "deleted " + physicalId + " in " + region.get());
    }
}
