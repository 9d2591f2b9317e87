namespace JointPunishment.Storage.Encryption;

/// <summary>A stored grain state that cannot be read as this grain's: unmarked, under an unknown key, or sealed for another row.</summary>
public sealed class GrainStateEncryptionException(string message, Exception? inner = null) : Exception(message, inner);
