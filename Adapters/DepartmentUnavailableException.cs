namespace Gateway.Adapters;

/// <summary>The department could not be reached or answered with a transient error; the dispatch is to be retried later.</summary>
public sealed class DepartmentUnavailableException(string departmentCode, string message, Exception? inner = null)
    : Exception($"Department {departmentCode} is unavailable: {message}", inner)
{
    public string DepartmentCode { get; } = departmentCode;
}
