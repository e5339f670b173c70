namespace Gateway.Host.ApiDescription;

/// <summary>
/// Endpoint metadata naming how an endpoint that checks its caller itself (no authorization policy) authenticates it: one of
/// <see cref="CallerSchemes"/>, or <see cref="InMessage"/> for credentials inside the message (SOAP WS-Security). The document's
/// security requirements are read from it and from the endpoints' authorization policies.
/// </summary>
public sealed record AuthenticatedBy(string Scheme)
{
    /// <summary>The caller's credentials travel inside the message (a SOAP header), where HTTP-level security schemes cannot describe them.</summary>
    public const string InMessage = "in-message";
}
