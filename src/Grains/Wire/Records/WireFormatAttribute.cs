namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// The format of a field bound as text (<c>uuid</c>, <c>date</c>, <c>date-time</c>), for the OpenAPI document to declare
/// as it would for a typed field. Such a field is text so that a malformed value is reported beside the other fields'
/// errors instead of stopping the binding; its handler parses it. It judges nothing itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WireFormatAttribute(string format) : Attribute
{
    public string Format => format;
}
