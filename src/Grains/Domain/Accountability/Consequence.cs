namespace JointPunishment.Grains.Domain.Accountability;

/// <summary>One consequence an agency bears (四(四)), from when, and until when if the text bounds it.</summary>
public sealed record Consequence(string Code, string PolicyRef, DateTimeOffset Since, DateOnly? Until);
