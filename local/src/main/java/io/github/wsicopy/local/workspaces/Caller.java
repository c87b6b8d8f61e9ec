package io.github.wsicopy.local.workspaces;

/**
 * Who is calling and where: the Region comes from the SigV4 credential scope of the Authorization
 * header ({@link io.github.wsicopy.local.SigV4}), the account from the access key id. Signatures are not checked.
 * Public because the other JSON stand-ins ({@link io.github.wsicopy.local.JsonServiceStandIn}) hand it to their
 * operations too.
 */
public record Caller(String accessKeyId, String accountId, String region) {
}
