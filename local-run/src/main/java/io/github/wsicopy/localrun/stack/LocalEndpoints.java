package io.github.wsicopy.localrun.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a user can look at a running local stack with the real AWS CLI: the endpoints, the table, the account,
 * and commands ready to paste. The CLI needs credentials but the local servers do not check them, so the
 * commands carry dummy ones as environment variables (nothing is read from or written to ~/.aws).
 */
public final class LocalEndpoints {
    /** Dummy credentials for the printed commands; the emulator maps access keys to accounts, nothing checks secrets. */
    public static final String DUMMY_CREDENTIALS = "AWS_ACCESS_KEY_ID=AKIALOCAL AWS_SECRET_ACCESS_KEY=local";

    private LocalEndpoints() {}

    /**
     * The lines to print.
     *
     * @param imageRegion   the Region to list images of in the sample command
     * @param otherAccounts access key id → account, for the accounts other than the stack's, to look as them
     */
    public static List<String> lines(LocalStack stack, String imageRegion, Map<String, String> otherAccounts) {
        String workspaces = stack.emulator.endpoint().toString();
        String dynamo = stack.dynamoEndpoint().toString();
        List<String> lines = new ArrayList<>();
        lines.add("Local endpoints (for the real AWS CLI; dummy credentials, passed as environment variables below):");
        lines.add("  WorkSpaces emulator  " + workspaces + "   any access key acts as account " + stack.account());
        otherAccounts.forEach((key, account) ->
                lines.add("                       access key " + key + " acts as account " + account));
        lines.add("  DynamoDB Local       " + dynamo + "   jobs table " + stack.table);
        lines.add("  SSM Parameter Store  " + stack.ssm.endpoint() + "   publish.parameterPrefix writes here (same keys)");
        lines.add("  Service Quotas       " + stack.serviceQuotas.endpoint());
        lines.add("  Organization         OU " + stack.organization.ouId() + " holds "
                + String.join(", ", stack.organization.targets().stream()
                        .map(t -> t.accountId() + (t.roleDeployed() ? " (target-account role)" : " (no role)")).toList())
                + ": try \"destinationOrganizationalUnits\": [\"" + stack.organization.ouId() + "\"]");
        lines.add("  the stack's Region   " + LocalStack.REGION + " (images live in their own Regions: pass --region)");
        lines.add("  " + DUMMY_CREDENTIALS + " aws workspaces describe-workspace-images --endpoint-url " + workspaces
                + " --region " + imageRegion);
        lines.add("  " + DUMMY_CREDENTIALS + " aws ssm get-parameter --endpoint-url " + stack.ssm.endpoint()
                + " --region <destination Region> --name <publish.parameterPrefix><image name without its version>");
        lines.add("  " + DUMMY_CREDENTIALS + " aws dynamodb scan --endpoint-url " + dynamo + " --region "
                + LocalStack.REGION + " --table-name " + stack.table);
        return lines;
    }
}
