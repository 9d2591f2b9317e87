using JointPunishment.Gateway.Validation;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Wire;

public sealed record SubjectDto(string IdType, string IdNumber, string Name)
{
    public static SubjectDto From(SubjectRef s) => new(SubjectReader.IdTypeWire(s.IdType), s.IdNumber, s.Name);
}
