namespace JointPunishment.Importer.Input;

public enum InputFormat
{
    JsonLines,
    Csv,
}
