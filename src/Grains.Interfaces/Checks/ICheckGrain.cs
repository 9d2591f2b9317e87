namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// The intercept check, for the HTTP gateway and for agencies' own .NET gateways through the Orleans client
/// (same semantics as <c>POST /v1/checks</c> and <c>/v1/checks/batch</c>). A stateless worker on every silo:
/// a subject no court has named is answered from the silo's in-memory index, without activating a grain or
/// querying PostgreSQL; the others are asked of their subject grain. Every answered check is recorded.
/// Call it through <see cref="CheckGrains"/>: it ignores its key, so any key answers the same, but the Orleans client
/// sends every call for one key through the same silo, and <see cref="CheckGrains"/> spreads the calls over several.
/// </summary>
public interface ICheckGrain : IGrainWithIntegerKey
{
    Task<CheckOutcome> CheckAsync(CheckRequest request);

    /// <summary>One outcome per subject, in order; an invalid subject gets its own error outcome.</summary>
    Task<BatchCheckOutcome> CheckBatchAsync(BatchCheckRequest request);

    /// <summary>
    /// Single checks that were waiting together in <see cref="CheckGrains"/>, answered one by one as
    /// <see cref="CheckAsync"/> answers each; one message instead of one each.
    /// </summary>
    Task<CoalescedOutcomes> CheckCoalescedAsync(CoalescedChecks checks);
}
