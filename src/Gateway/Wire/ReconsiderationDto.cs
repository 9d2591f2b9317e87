using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

/// <summary>A case's reconsideration (复议, 四(二)3): requested on, the higher court deciding it, and its decision once made.</summary>
public sealed record ReconsiderationDto(DateOnly RequestedOn, string Court, bool Decided, DateOnly? DecidedOn, string? Outcome)
{
    public static ReconsiderationDto? From(Reconsideration? r) => r is null
        ? null
        : new(r.RequestedOn, r.Court, !r.IsPending, r.DecidedOn, r.Outcome is { } outcome ? WireNames.Of(outcome) : null);
}
