namespace Gateway.Host.Catalogue;

/// <summary>A department as <c>GET /api/departments</c> shows it: code, name and the protocol its system speaks.</summary>
public sealed record DepartmentSummary(string Code, string Name, string Protocol);
