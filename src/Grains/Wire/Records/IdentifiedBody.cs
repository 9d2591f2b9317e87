using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// The identifier every subject in a request carries (CONTRACT "Conventions"), whatever sits beside it: <c>resident_id</c>
/// and <c>uscc</c> are checked with their check characters, a resident id's birth date must be a real date, and a
/// lower-case <c>x</c> is read as <c>X</c>.
/// </summary>
public abstract record IdentifiedBody
{
    /// <summary>The kind of identifier.</summary>
    [Required]
    [AllowedWireNames<IdType>]
    public required string IdType { get; init; }

    /// <summary>The identifier, checked with its check character where it has one.</summary>
    [Required]
    [MaxLength(64)]
    public required string IdNumber { get; init; }

    /// <summary>
    /// The subject as given, its identifier not judged (a check's is the <see cref="Grains.Checks.CheckPipeline"/>'s to
    /// judge). Call it only when the binding found no error.
    /// </summary>
    public SubjectInput ToInput() => new(SubjectReader.IdTypes[IdType], IdNumber);

    /// <summary>
    /// The subject this names, normalised, once the identifier passes its checks (<see cref="SubjectReader.ReadPath"/>);
    /// otherwise null with the reason under <c>{path}.idNumber</c>. Call it after binding: a field the binding found
    /// invalid is skipped.
    /// </summary>
    public SubjectRef? ToSubject(string path, string? name, DateOnly today, ValidationErrors errors)
    {
        if (errors.Any && (errors.Has($"{path}.idType") || errors.Has($"{path}.idNumber")))
        {
            return null;
        }

        return SubjectReader.ReadPath(IdType, IdNumber, today, errors, path) is { } identity
            ? new SubjectRef(identity.Type, identity.Number, SubjectReader.NormaliseName(name ?? ""))
            : null;
    }
}
