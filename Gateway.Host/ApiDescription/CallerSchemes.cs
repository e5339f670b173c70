namespace Gateway.Host.ApiDescription;

/// <summary>The names of the security schemes in the document's components, one per kind of caller.</summary>
public static class CallerSchemes
{
    /// <summary>Channels: OAuth 2.0 bearer tokens (JWT) from the province's identity provider, with scopes.</summary>
    public const string ChannelToken = "channelToken";
    /// <summary>A department's REST calls: HMAC-SHA256 of timestamp and body with its callback secret.</summary>
    public const string DepartmentSignature = "departmentSignature";
    /// <summary>Operators switching an item live for cross-region applications: the operators' key.</summary>
    public const string OperatorsKey = "operatorsKey";
    /// <summary>The portal's sign-in cookie (inspectors reading the supervision figures).</summary>
    public const string PortalSession = "portalSession";
}
