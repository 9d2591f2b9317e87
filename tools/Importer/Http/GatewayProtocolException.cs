namespace JointPunishment.Importer.Http;

/// <summary>The gateway answered 2xx with something that is not the contract's response; retrying would not change it.</summary>
public sealed class GatewayProtocolException(string message, Exception? inner = null) : Exception(message, inner);
