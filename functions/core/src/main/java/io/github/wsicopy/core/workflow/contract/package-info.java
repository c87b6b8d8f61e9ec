/**
 * The state machine's data contract: one record per state input that a function reads, each with the one reader
 * ({@code read}) and writer ({@code toJson}) of its JSON. The outputs are {@link
 * io.github.wsicopy.core.workflow.JobValidator.Result} (Validate), {@link io.github.wsicopy.core.workflow.RegionProgress}
 * (StartCopies, PollStatus, RegionFailed), {@link FinishOutput} (FinishTarget, FinishTargetFailed) and
 * {@link NotifyOutput}. {@link WorkflowContract} says which state reads
 * and writes which record; a test checks {@code statemachine/bulk-copy.asl.json} against it (its Choice
 * conditions, Parameters, ItemSelector and paths), and the ASL smoke run's fixtures are written from these records.
 */
package io.github.wsicopy.core.workflow.contract;
