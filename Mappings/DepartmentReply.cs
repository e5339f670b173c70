namespace Gateway.Mappings;

/// <summary>What a department answered to a dispatch: taken (with its own reference) or refused (with its message).</summary>
public sealed record DepartmentReply(bool Taken, string? DepartmentReference, string? Message);
