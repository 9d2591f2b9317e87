using System.Collections.Immutable;

namespace JointPunishment.Gateway.Auth;

/// <summary>Who sent a request, from its bearer key: the operator, or a registered court, agency (with its measures) or feed consumer.</summary>
public sealed record Caller(CallerRole Role, string Code, ImmutableArray<string> Measures);
