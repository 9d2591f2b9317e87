namespace JointPunishment.Importer.Http;

/// <summary>A batch got no answer (5xx, timeout, connection error) after every try.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
