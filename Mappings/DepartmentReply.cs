namespace Gateway.Mappings;

/// <summary>
/// What a department answered to a dispatch: taken (with its own reference), refused (with its message), or transient (busy or down:
/// try again later).
/// </summary>
public sealed record DepartmentReply(bool Taken, string? DepartmentReference, string? Message, bool Transient = false);
