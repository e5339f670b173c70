namespace Gateway.Adapters;

/// <summary>The result of delivering one dispatch.</summary>
public abstract record DispatchOutcome
{
    /// <summary>The department took the case.</summary>
    public sealed record Delivered(string? DepartmentReference) : DispatchOutcome;

    /// <summary>The department, or our mapping for it, refused the case for a reason retrying cannot fix.</summary>
    public sealed record Rejected(string Reason) : DispatchOutcome;
}
